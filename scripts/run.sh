#!/usr/bin/env bash
# What `make run` starts after its set-up: the app, and the background worker beside it, stopped with it.
#   scripts/run.sh HOST PORT
set -euo pipefail
cd "$(dirname "$0")/.."
host="${1:-127.0.0.1}" port="${2:-3000}"

pids=()
# However this ends (Ctrl+C, kill, the app stopping), both end with it.
trap 'kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

.venv/bin/python -m helpdesk_app worker &
pids+=($!)
HELPDESK_HOST="$host" HELPDESK_PORT="$port" .venv/bin/reflex run --env prod --single-port \
  --frontend-port "$port" --backend-host "$host" --loglevel warning &
app=$!
pids+=("$app")
wait "$app"
