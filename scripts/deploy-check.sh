#!/usr/bin/env bash
# The README's deployment guide, followed on this machine: two release
# instances in production mode on one PostgreSQL, IntellectDialog played by
# the standalone emulator, a property provisioned through the platform API, a
# launch into it, its integration activated, a booking through the PMS API
# and its welcome message planned — on one instance, seen from the other.
#
# Needs the release build (`cargo leptos build --release`) and PostgreSQL at
# TEST_POSTGRES_URL's server. Run by `make test`; exits non-zero naming the
# step that failed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

bin=target/release/contact-center
[ -x "$bin" ] || { echo "deploy-check: build the release first (cargo leptos build --release)" >&2; exit 1; }
pg_url="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
pg_server="${pg_url%/*}"
database=cc_deploy_check
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
  psql "$pg_url" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null \
    || echo "deploy-check: could not drop $database" >&2
}
trap cleanup EXIT
step() { printf '\033[1mdeploy-check: %s\033[0m\n' "$*"; }
fail() { echo "deploy-check: FAILED: $*" >&2; for log in "$work"/*.log; do echo "--- $log" >&2; tail -20 "$log" >&2; done; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
random() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }
wait_ready() {
  for _ in $(seq 1 100); do
    curl -fs "$1/readyz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  fail "$1 never became ready"
}

step "a fresh PostgreSQL database ($database)"
export PGOPTIONS='--client-min-messages=warning'
psql "$pg_url" -qc "DROP DATABASE IF EXISTS $database" >/dev/null
psql "$pg_url" -qc "CREATE DATABASE $database" >/dev/null

step "IntellectDialog (the standalone emulator stands in for it)"
emulator_port=$(free_port)
"$bin" emulator --address "127.0.0.1:$emulator_port" >"$work/emulator.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$emulator_port/control" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$emulator_port/control" >/dev/null 2>&1 || fail "the emulator never answered"

step "production configuration: secrets of our own, nothing published"
port_a=$(free_port)
port_b=$(free_port)
export APP_ENV=production
export DATABASE_URL="$pg_server/$database"
export APP_SECURITY__MASTER_KEY="$(random)"
export APP_PLATFORM__TOKEN="$(random)"
export APP_EMBEDDING__LAUNCH_SECRET="$(random)"
export APP_METRICS__TOKEN="$(random)"
export APP_INTELLECTDIALOG__BASE_URL="http://127.0.0.1:$emulator_port/v2/"
export APP_LOG__FORMAT=json
unset APP_DEMO__SEED APP_EMULATOR__ENABLED APP_DEMO_HOST__ADDRESS

step "migrate once, then check the configuration"
"$bin" migrate >"$work/migrate.log" 2>&1 || fail "contact-center migrate"
"$bin" check-config >"$work/check-config.log" 2>&1 || fail "check-config says production would refuse"
for secret in "$APP_SECURITY__MASTER_KEY" "$APP_PLATFORM__TOKEN" "$APP_EMBEDDING__LAUNCH_SECRET" "$APP_METRICS__TOKEN"; do
  grep -qF -- "$secret" "$work/check-config.log" && fail "check-config printed a secret"
done

step "two instances on the one database"
for port in "$port_a" "$port_b"; do
  APP_SERVER__ADDRESS="127.0.0.1:$port" APP_SERVER__PUBLIC_URL="http://127.0.0.1:$port" \
    "$bin" serve >"$work/instance-$port.log" 2>&1 &
  pids+=($!)
done
a="http://127.0.0.1:$port_a"
b="http://127.0.0.1:$port_b"
wait_ready "$a"
wait_ready "$b"

step "the PMS provisions a property through the platform API"
status=$(curl -s -o "$work/property.json" -w '%{http_code}' -X PUT "$a/api/v1/platform/properties/deploy-hotel" \
  -H "Authorization: Bearer $APP_PLATFORM__TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"Отель «Маяк»","name_en":"Mayak Hotel","time_zone":"Europe/Moscow","locale":"ru",
       "subscription":{"gms":true,"contact_center":true,"tariff":"basic","paid_until":null}}') \
  || fail "the platform API did not answer"
[ "$status" = 201 ] || fail "provisioning answered $status: $(cat "$work/property.json")"

step "a launch into it signs its administrator in (on the other instance)"
b64url() { base64 | tr -d '\n=' | tr '+/' '-_'; }
now=$(date +%s)
header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
claims=$(printf '{"aud":"contact-center","iat":%d,"exp":%d,"jti":"%s","property":"deploy-hotel","sub":"pms-admin-1","name":"Ирина Маякова","email":"admin@mayak.example","role":"admin"}' \
  "$now" "$((now + 60))" "$(cat /proc/sys/kernel/random/uuid)" | b64url)
signature=$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -hmac "$APP_EMBEDDING__LAUNCH_SECRET" -binary | b64url)
jar="$work/cookies"
status=$(curl -s -o /dev/null -c "$jar" -w '%{http_code}' "$b/launch?token=$header.$claims.$signature") \
  || fail "the launch did not answer"
[ "$status" = 303 ] || fail "the launch answered $status"
grep -q cc_session "$jar" || fail "the launch set no session cookie"

rpc() { # rpc <instance> <endpoint> [form fields…]: a server function call as the UI makes it
  local base=$1 endpoint=$2
  shift 2
  local args=()
  for field in "$@"; do args+=(--data-urlencode "$field"); done
  curl -s -b "$jar" -H "Origin: $base" -X POST "$base/rpc/$endpoint" "${args[@]}"
}
json() { python3 -c "import json,sys; data=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': data}))" "$1"; }

step "its administrator connects IntellectDialog and activates it (on the first instance)"
view=$(rpc "$a" check_api_key api_key=idk-demo-volna-6f1d2c9a8b7e4f30 version=0 reset_confirmed=false) \
  || fail "check_api_key did not answer"
version=$(echo "$view" | json 'd["version"]') || fail "check_api_key: $view"
providers=$(rpc "$a" integration_providers) || fail "integration_providers did not answer"
provider=$(echo "$providers" | json '[p["id"] for p in d if p["usable_for_mailings"]][0]') || fail "providers: $providers"
view=$(rpc "$a" save_and_activate_integration provider_id="$provider" send_interval_secs=300 version="$version") \
  || fail "save_and_activate_integration did not answer"
[ "$(echo "$view" | json 'd["active"]')" = True ] || fail "activation: $view"
answer=$(rpc "$b" set_mailing_active kind=welcome active=true) || fail "set_mailing_active did not answer"
[ "$answer" = null ] || fail "switching the welcome mailing on: $answer"

step "the PMS posts a booking with a property token; its welcome is planned"
"$bin" pms-token --property deploy-hotel --label deploy-check >"$work/pms-token.out" 2>"$work/pms-token.log" \
  || fail "contact-center pms-token"
token=$(grep -o 'ccpms_[A-Za-z0-9_-]*' "$work/pms-token.out" | head -1 || true)
[ -n "$token" ] || fail "no PMS token was printed"
arrival=$(date -d '+3 days' +%Y-%m-%dT14:00)
departure=$(date -d '+5 days' +%Y-%m-%dT12:00)
stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
status=$(curl -s -o "$work/booking.json" -w '%{http_code}' -X PUT "$b/api/v1/bookings/DEPLOY-1" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"status\":\"active\",\"source\":\"site\",\"guaranteed\":true,
       \"arrival\":\"$arrival\",\"departure\":\"$departure\",
       \"guest\":{\"name\":\"Анна Иванова\",\"phone\":\"+7 912 345-67-89\",\"language\":\"ru\"},
       \"booked_at\":\"$stamp\",\"modified_at\":\"$stamp\"}") \
  || fail "the PMS API did not answer"
[ "$status" = 201 ] || fail "the booking answered $status: $(cat "$work/booking.json")"
timeline=$(curl -s "$a/api/v1/bookings/DEPLOY-1" -H "Authorization: Bearer $token") \
  || fail "the booking could not be read back"
[ "$(echo "$timeline" | json '[m["state"] for m in d["dispatches"] if m["kind"] == "welcome"]')" = "['planned']" ] \
  || fail "no planned welcome in the timeline: $timeline"

step "health and metrics"
curl -fs "$a/healthz" >/dev/null || fail "healthz"
metrics=$(curl -fs "$b/metrics" -H "Authorization: Bearer $APP_METRICS__TOKEN") || fail "metrics"
grep -q '^cc_' <<<"$metrics" || fail "metrics without the cc_ series"
step "passed"
