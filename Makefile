# The two commands of the README. Each does its own set-up on a fresh machine.
.PHONY: run test

HOST ?= 127.0.0.1
PORT ?= 3000
WORKERS ?= 1

run:
	@scripts/setup.sh run
	@.venv/bin/python -m helpdesk_app bootstrap
	@scripts/run.sh $(HOST) $(PORT) $(WORKERS)

test:
	@scripts/setup.sh test
	@scripts/test.sh
