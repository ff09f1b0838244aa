#!/usr/bin/env bash
# CI: starts the production build (`npm run build` output: compiled JS in dist/, the prebuilt workflow
# bundle) with NODE_ENV=production far enough to answer /health, then stops it with SIGTERM.
# Everything it starts lives in a throwaway data folder on free loopback ports.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/cli/main.js ] && [ -f dist/workflow-bundle.js ] || { echo "no production build: run npm run build first" >&2; exit 1; }
TEMPORAL_CLI_PATH="$(bash scripts/ensure-temporal.sh)"
export TEMPORAL_CLI_PATH

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
dir=$(mktemp -d /tmp/echopilot-prod.XXXXXX)
api_port=$(free_port)
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; sleep 5; kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT

echo "› production start (compiled CLI, prebuilt bundle) on 127.0.0.1:$api_port"
NODE_ENV=production LOG_LEVEL=warn DATA_DIR="$dir/data" HOST=127.0.0.1 PORT="$api_port" \
  TEMPORAL_DEV_PORT="$(free_port)" TEMPORAL_UI_PORT="$(free_port)" METRICS_PORT="$(free_port)" \
  MALLOC_ARENA_MAX=2 node bin/echopilot.cjs start >"$dir/start.log" 2>&1 &
pid=$!

body=""
for _ in $(seq 1 120); do
  kill -0 "$pid" 2>/dev/null || {
    echo "production start exited early:" >&2; cat "$dir/start.log" >&2
    [ -f "$dir/data/temporal-server.log" ] && { echo "its Temporal server log:" >&2; tail -20 "$dir/data/temporal-server.log" >&2; }
    exit 1
  }
  if body=$(curl -fsS --max-time 5 "http://127.0.0.1:$api_port/health" 2>/dev/null); then break; fi
  body=""
  sleep 1
done
[ -n "$body" ] || { echo "no answer from /health within 120 s:" >&2; cat "$dir/start.log" >&2; exit 1; }
echo "  /health → $body"

kill -TERM "$pid"
for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$pid" 2>/dev/null; then echo "production start did not stop within 30 s of SIGTERM" >&2; exit 1; fi
wait "$pid" || { echo "production start exited non-zero after SIGTERM:" >&2; cat "$dir/start.log" >&2; exit 1; }
pid=""
echo "  stopped cleanly"
