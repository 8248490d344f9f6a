#!/usr/bin/env bash
# The zero-install default, as README's quick start runs it: no DATABASE_URL, an embedded
# PostgreSQL under DATA_DIR. Starts the server, waits for health, issues an account with the CLI
# (while the server runs, and once while it is stopped), signs in over HTTP, restarts, and checks
# the accounts survived and a stale postmaster.pid is recovered from.
set -euo pipefail
cd "$(dirname "$0")/.."
unset DATABASE_URL
export DATA_DIR
DATA_DIR=$(mktemp -d /tmp/tobira-smoke-XXXX)
chmod 755 "$DATA_DIR"
export PORT=3299 EMBEDDED_DB_PORT=54398
log=$(mktemp)
server_pid=

# start [command...]: the server in its own process group (npm start runs it as a child).
start() {
  local cmd=("$@")
  [ $# -gt 0 ] || cmd=(node dist/server/main.js)
  setsid "${cmd[@]}" >>"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$log"; echo "server exited"; return 1; }
    sleep 0.5
  done
  cat "$log"; echo "server did not become healthy"; return 1
}
stop() {
  # npm start runs the server as a child: signal the whole group.
  kill -TERM -- "-$server_pid"
  wait "$server_pid" || true
}
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    sleep 1
  fi
  rm -rf "$DATA_DIR" "$log" "${jar:-}"
}
trap cleanup EXIT

# The first start exactly as the README's quick start has it (it builds, then serves).
start npm start
# grep reads every line (no -q): under pipefail, a grep that stops at its first match leaves curl
# writing into a closed pipe, and curl's error (23) would fail the check.
curl -fsS "http://127.0.0.1:$PORT/login" | grep '<app-root' >/dev/null || { echo "login page not served"; exit 1; }
# A guest at the top page is sent to the login by the server.
[ "$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$PORT/")" = "302 http://127.0.0.1:$PORT/login" ] ||
  { echo "a guest at / was not sent to /login"; exit 1; }

created=$(npm run --silent cli -- account create --username smoke-user --json)
echo "created while running: $created"
password=$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).temporaryPassword)' "$created")

jar=$(mktemp)
curl -fsS -c "$jar" -b "$jar" "http://127.0.0.1:$PORT/api/health" >/dev/null
xsrf=$(awk '$6 == "XSRF-TOKEN" { print $7 }' "$jar")
body=$(node -e 'process.stdout.write(JSON.stringify({username: "smoke-user", password: process.argv[1]}))' "$password")
curl -fsS -c "$jar" -b "$jar" -H 'Content-Type: application/json' -H "X-XSRF-TOKEN: $xsrf" \
  -d "$body" "http://127.0.0.1:$PORT/api/auth/login" | grep '"passwordChangeRequired":true' >/dev/null
curl -fsS -b "$jar" "http://127.0.0.1:$PORT/api/auth/session" | grep '"username":"smoke-user"' >/dev/null
echo "signed in over HTTP"

stop
npm run --silent cli -- account create --username smoke-offline --json >/dev/null
echo "CLI works while the server is stopped"

# A killed run leaves postmaster.pid behind; the next start must recover.
start
pg_pid=$(head -n 1 "$DATA_DIR/pg/postmaster.pid")
kill -9 -- "-$server_pid"; kill -9 "$pg_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true
sleep 1
test -f "$DATA_DIR/pg/postmaster.pid"
start
npm run --silent cli -- account list --json | grep '"username":"smoke-offline"' >/dev/null
npm run --silent cli -- account list --json | grep '"username":"smoke-user"' >/dev/null
echo "restart after a kill keeps the accounts"
stop
echo "embedded smoke test passed"
