#!/usr/bin/env bash
# Production smoke test (issue #16 point 4), run by .ci/run as root.
# Installs like deployment/Dockerfile (the built dist plus production dependencies only, in a temp
# folder), then runs `node dist/src/main.js` as the unprivileged user "nobody" with NODE_ENV=production,
# fake bot credentials and a generated key. Store: lowdb in DATA_DIR; PostgreSQL follows with #15.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"
RUN_AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
PORT="${SMOKE_PORT:-39877}"
fail() { echo "SMOKE FAIL: $*" >&2; [ -f "$WORK/out.log" ] && tail -20 "$WORK/out.log" >&2; exit 1; }

WORK="$(mktemp -d)"
APP="$WORK/app"; DATA="$WORK/data"; TMP="$WORK/tmp"
PID=""
cleanup() { [ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

echo "== smoke: build and install production dependencies only into $APP"
[ -f dist/src/main.js ] || npm run -s build
mkdir -p "$APP/deployment" "$DATA" "$TMP"
cp package.json package-lock.json "$APP/"
cp -r dist "$APP/dist"
cp deployment/signaalpunten.example.json "$APP/deployment/"
# --ignore-scripts: the Dockerfile runs install scripts with dev dependencies present and then prunes;
# no production dependency needs a script at run time.
(cd "$APP" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
# (typescript itself may appear: i18next declares it as a peer.)
for dev in jest ts-jest dependency-cruiser playwright-core; do [ ! -d "$APP/node_modules/$dev" ] || fail "dev dependency $dev was installed"; done
# The app files stay root's and read-only for the app; only DATA and TMP belong to it.
chmod -R go-w "$APP"
chown -R 65534:65534 "$DATA" "$TMP"
chmod 700 "$DATA" "$TMP"
chmod 711 "$WORK"

base_env=(
  env -i PATH="$PATH" HOME="$TMP" TMPDIR="$TMP" NODE_ENV=production PLAYGROUND=0
  HOST=127.0.0.1 PORT="$PORT" DATA_DIR="$DATA" LOG_LEVEL=info
  MicrosoftAppType=SingleTenant
  MicrosoftAppId=00000000-0000-4000-8000-000000000001
  MicrosoftAppPassword=fake-pw
  MicrosoftAppTenantId=00000000-0000-4000-8000-000000000002
  SIGNAALPUNTEN_FILE="$APP/deployment/signaalpunten.example.json"
)
KEY="$(openssl rand -base64 32)"

echo "== smoke: a missing setting stops start-up with one line per problem"
set +e
(cd "$APP" && "${RUN_AS[@]}" "${base_env[@]}" node dist/src/main.js) >"$WORK/missing.log" 2>&1
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "start-up without DATA_ENCRYPTION_KEY exited 0"
[ "$(grep -c '^  - DATA_ENCRYPTION_KEY: ' "$WORK/missing.log")" = 1 ] || fail "no single line for DATA_ENCRYPTION_KEY: $(cat "$WORK/missing.log")"
! grep -q "$KEY\|fake-pw" "$WORK/missing.log" || fail "a secret was printed"

echo "== smoke: start as nobody"
touch "$WORK/marker"
(cd "$APP" && exec "${RUN_AS[@]}" "${base_env[@]}" DATA_ENCRYPTION_KEY="$KEY" node dist/src/main.js) >"$WORK/out.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || fail "the process exited during start-up"
  sleep 0.5
done
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[ "$(code "http://127.0.0.1:$PORT/healthz")" = 200 ] || fail "/healthz"
ready=""
for _ in $(seq 1 20); do ready="$(code "http://127.0.0.1:$PORT/readyz")"; [ "$ready" = 200 ] && break; sleep 0.5; done
[ "$ready" = 200 ] || fail "/readyz answered $ready"
unsigned="$(code -X POST -H 'content-type: application/json' \
  --data '{"type":"message","id":"1","serviceUrl":"http://127.0.0.1:9/","channelId":"msteams","from":{"id":"u"},"recipient":{"id":"b"},"conversation":{"id":"c"},"text":"hallo"}' \
  "http://127.0.0.1:$PORT/api/messages")"
[ "$unsigned" = 401 ] || fail "an unsigned activity got $unsigned, not 401"

echo "== smoke: SIGTERM drains and exits 0"
kill -TERM "$PID"
set +e; wait "$PID"; rc=$?; set -e
PID=""
[ "$rc" = 0 ] || fail "exit code $rc after SIGTERM"
grep -q '"code":"STOPPED"' "$WORK/out.log" || fail "no STOPPED line after SIGTERM"

echo "== smoke: nothing written outside the data and temp folders"
# find exits non-zero when a file vanishes during the walk (other processes' temp files) or when
# head stops reading; only what it prints counts here.
stray="$( (find / -xdev \( -path /proc -o -path /sys -o -path "$WORK" \) -prune -o -user 65534 -newer "$WORK/marker" -print 2>/dev/null || true) | head -20)"
[ -z "$stray" ] || fail "files written outside DATA_DIR/TMPDIR: $stray"
[ -z "$(find "$APP" -newer "$WORK/marker" -print -quit)" ] || fail "the app folder changed"
echo "== smoke: passed (healthz, readyz, 401 unsigned, one line per missing setting, SIGTERM exit 0, no stray writes)"
