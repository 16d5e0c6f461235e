"""Outgoing mail: notifications gathered into mails per person and ticket (`batching`), rendered from
one template per kind (`render`), sent by the worker with retries (`sending`), and what admins see
(`admin`). Account links (verify an address, reset a password) are queued here too (`queue`)."""
