#!/usr/bin/env bash
# What `make run` starts after its set-up: the app, and the background worker beside it, stopped with it.
#   scripts/run.sh HOST PORT [WORKERS]
# WORKERS app processes (default 1); more than one share the pages' state in Redis (HELPDESK_REDIS_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
host="${1:-127.0.0.1}" port="${2:-3000}" workers="${3:-1}"
if ! [[ $workers =~ ^[1-9][0-9]*$ ]]; then
  echo "WORKERS must be a whole number of app processes, like WORKERS=4 (got '$workers')." >&2
  exit 2
fi
if (( workers > 1 )) && [[ -z "${HELPDESK_REDIS_URL:-}" ]]; then
  echo "WORKERS=$workers needs HELPDESK_REDIS_URL (e.g. redis://127.0.0.1:6379/0): several app processes" >&2
  echo "keep the pages' state in Redis. See docs/deployment.md." >&2
  exit 2
fi

pids=()
# However this ends (Ctrl+C, kill, the app stopping), both end with it.
trap 'kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

.venv/bin/python -m helpdesk_app worker &
pids+=($!)
GRANIAN_WORKERS="$workers" HELPDESK_HOST="$host" HELPDESK_PORT="$port" .venv/bin/reflex run --env prod --single-port \
  --frontend-port "$port" --backend-host "$host" --loglevel warning &
app=$!
pids+=("$app")
wait "$app"
