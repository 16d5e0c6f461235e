#!/usr/bin/env bash
# The whole suite on SQLite, then again on PostgreSQL when HELPDESK_TEST_DATABASE_URL is set
# (a server URL; the tests create and drop their own databases on it). With HELPDESK_TEST_REDIS_URL
# (a Redis server) too, that run's browser tests serve the app as two processes sharing Redis.
# Everything below the browser runs on two workers; the browser tests, which share one
# production build of the app, run in their own pytest process.
set -euo pipefail
cd "$(dirname "$0")/.."
pytest=(.venv/bin/python -m pytest -q -p no:cacheprovider)

echo "== lint (ruff, configured in pyproject.toml)"
.venv/bin/ruff check .

# $1: more options for the run below the browser (the SQLite run measures coverage); the rest for both.
suite() {
  local below=($1); shift
  "${pytest[@]}" -n 2 -m "not browser" "${below[@]}" "$@"
  "${pytest[@]}" -m browser tests/browser "$@"
}
# Line and branch coverage of helpdesk_app by the tests below the browser (pyproject.toml).
coverage="--cov=helpdesk_app --cov-report=term --cov-fail-under=85"

echo "== tests on SQLite, with coverage"
(export HELPDESK_TEST_DATABASE_URL="" HELPDESK_TEST_REDIS_URL=""; suite "$coverage" "$@")
echo "== the API against its OpenAPI document (schemathesis --checks all)"
.venv/bin/python -m scripts.contract
if [[ -n "${CI:-}" && ( -z "${HELPDESK_TEST_DATABASE_URL:-}" || -z "${HELPDESK_TEST_REDIS_URL:-}" ) ]]; then
  echo "CI must also run the suite on PostgreSQL with two app processes on Redis:" >&2
  echo "set HELPDESK_TEST_DATABASE_URL and HELPDESK_TEST_REDIS_URL" >&2
  exit 1
fi
if [[ -n "${HELPDESK_TEST_DATABASE_URL:-}" ]]; then
  echo "== tests on PostgreSQL (${HELPDESK_TEST_DATABASE_URL%%@*}@...)${HELPDESK_TEST_REDIS_URL:+, the app as two processes on Redis}"
  suite "" "$@"
fi
