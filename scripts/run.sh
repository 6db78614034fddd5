#!/usr/bin/env bash
# Builds the release app and serves it on http://127.0.0.1:3000 with an
# embedded SQLite database under ./data and the demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

export APP_DEMO__SEED="${APP_DEMO__SEED:-true}"
# The IntellectDialog emulator runs inside the app unless a real base URL is given
# (the server refuses the two together).
if [ -n "${APP_INTELLECTDIALOG__BASE_URL:-}" ]; then
  export APP_EMULATOR__ENABLED="${APP_EMULATOR__ENABLED:-false}"
else
  export APP_EMULATOR__ENABLED="${APP_EMULATOR__ENABLED:-true}"
fi
# Prometheus metrics at /metrics for this development token (published: the
# server refuses it outside demo mode).
export APP_METRICS__TOKEN="${APP_METRICS__TOKEN:-dev-metrics-token}"
# The demo host page (a stand-in PMS on another origin) embeds the app in an
# iframe, signing launch tokens with this development secret.
export APP_DEMO_HOST__ADDRESS="${APP_DEMO_HOST__ADDRESS:-127.0.0.1:3002}"
export APP_EMBEDDING__LAUNCH_SECRET="${APP_EMBEDDING__LAUNCH_SECRET:-dev-launch-secret-change-me-0123456789}"
cat <<'MSG'

  Contact Center will be at http://127.0.0.1:3000 once built.
  Demo sign-ins (see README):
    admin@volna.example / Volna-Admin-2026   (administrator, «Отель «Волна»», full subscription)
    anna@volna.example  / Volna-Staff-2026   (staff)
    ivan@volna.example  / Volna-Staff-2026   (staff)
    admin@briz.example  / Briz-Admin-2026    (administrator, «Отель «Бриз»», full subscription)
    admin@sever.example / Sever-Admin-2026   (administrator, «Гостиница «Север»», no Contact Center module)

  Embedded in a host PMS (demo host page, another origin): http://localhost:3002/
  PMS REST API token of «Волна»: ccpms_demo-volna-5b1e9d3c7a2f4e68  (http://127.0.0.1:3000/api/v1/openapi.json)

  IntellectDialog emulator: http://127.0.0.1:3000/intellectdialog-emulator/v2/
    demo API key: idk-demo-volna-6f1d2c9a8b7e4f30
    controls:     http://127.0.0.1:3000/intellectdialog-emulator/control

MSG
exec cargo leptos serve --release
