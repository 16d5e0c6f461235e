# The two commands of the README. Each does its own set-up on a fresh machine.
.PHONY: run test

HOST ?= 127.0.0.1
PORT ?= 3000

run:
	@scripts/setup.sh run
	@.venv/bin/python -m helpdesk_app bootstrap
	@HELPDESK_HOST=$(HOST) HELPDESK_PORT=$(PORT) .venv/bin/reflex run --env prod --single-port \
		--frontend-port $(PORT) --backend-host $(HOST) --loglevel warning

test:
	@scripts/setup.sh test
	@scripts/test.sh
