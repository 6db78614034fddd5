#!/usr/bin/env bash
# Builds the release app and serves it on http://127.0.0.1:3000 with an
# embedded SQLite database under ./data and the demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

export APP_DEMO__SEED="${APP_DEMO__SEED:-true}"
cat <<'MSG'

  Contact Center will be at http://127.0.0.1:3000 once built.
  Demo sign-ins (see README):
    admin@volna.example / Volna-Admin-2026   (administrator, «Отель «Волна»», full subscription)
    anna@volna.example  / Volna-Staff-2026   (staff)
    ivan@volna.example  / Volna-Staff-2026   (staff)
    admin@sever.example / Sever-Admin-2026   (administrator, «Гостиница «Север»», no Contact Center module)

MSG
exec cargo leptos serve --release
