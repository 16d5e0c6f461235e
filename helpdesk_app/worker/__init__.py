"""The background worker (`python -m helpdesk_app worker`, started by `make run`): it delivers the
outbox's domain events to their consumers (`consumers`), outside any request (`run`)."""
