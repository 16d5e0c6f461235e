#!/usr/bin/env bash
# The whole suite on SQLite, then again on PostgreSQL when HELPDESK_TEST_DATABASE_URL is set
# (a server URL; the tests create and drop their own databases on it).
set -euo pipefail
cd "$(dirname "$0")/.."
pytest=(.venv/bin/python -m pytest -q -p no:cacheprovider "$@")

echo "== tests on SQLite"
env -u HELPDESK_TEST_DATABASE_URL "${pytest[@]}"
if [[ -n "${HELPDESK_TEST_DATABASE_URL:-}" ]]; then
  echo "== tests on PostgreSQL (${HELPDESK_TEST_DATABASE_URL%%@*}@...)"
  "${pytest[@]}"
elif [[ -n "${CI:-}" ]]; then
  echo "CI must also run the suite on PostgreSQL: set HELPDESK_TEST_DATABASE_URL" >&2
  exit 1
fi
