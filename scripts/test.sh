#!/usr/bin/env bash
# Every test: format, lints (server and WASM), unit and integration tests on
# SQLite and PostgreSQL, then the release build in Chromium with Playwright,
# and the README's deployment guide followed (scripts/deploy-check.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

# Each step says when it starts and how long the run has taken so far; a step
# that runs far longer than it ever should is stopped (a hang fails the run
# with its output instead of using up CI's time).
say() { printf '\n\033[1m==> [%dm%02ds] %s\033[0m\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }
bounded() { timeout --kill-after=30 "$1" "${@:2}"; }

say "Formatting"
cargo fmt --all -- --check

say "Clippy: server (ssr)"
cargo clippy -p server --all-targets -- -D warnings
say "Clippy: browser bundle (wasm32, hydrate)"
cargo clippy -p frontend --all-targets --target wasm32-unknown-unknown -- -D warnings

say "Unit tests (app, server)"
cargo test -p app --features ssr --lib
cargo test -p server --lib --bins

say "Integration tests on SQLite"
bounded 1500 cargo test -p server --test api

pg_url="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
if psql "$pg_url" -Atc 'SELECT 1' >/dev/null 2>&1; then
  say "Integration tests on PostgreSQL ($pg_url)"
  # Drop the databases earlier runs left behind; each test creates its own.
  psql "$pg_url" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'cc_test_%'" \
    | while read -r name; do psql "$pg_url" -qc "DROP DATABASE IF EXISTS \"$name\"" >/dev/null; done
  TEST_DATABASE_URL="$pg_url" bounded 1500 cargo test -p server --test api
elif [ "${SKIP_POSTGRES:-}" = "1" ]; then
  say "PostgreSQL not reachable at $pg_url: skipped, as SKIP_POSTGRES=1 asks"
else
  echo "PostgreSQL is not reachable at $pg_url: start it (or point TEST_POSTGRES_URL at one)," >&2
  echo "or run SKIP_POSTGRES=1 make test to skip the PostgreSQL run explicitly." >&2
  exit 1
fi

say "Release build (server + hydrated WASM through wasm-opt)"
cargo leptos build --release

say "End-to-end tests in Chromium (Playwright)"
bounded 1500 npx playwright test --config end2end/playwright.config.ts

if ! psql "$pg_url" -Atc 'SELECT 1' >/dev/null 2>&1; then
  say "Deployment guide: skipped with PostgreSQL (SKIP_POSTGRES=1)"
else
  say "Deployment guide, followed: two production instances on PostgreSQL"
  TEST_POSTGRES_URL="$pg_url" bounded 300 ./scripts/deploy-check.sh
fi
say "All tests passed"
