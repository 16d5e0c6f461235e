"""Outgoing mail as an adapter: building a safe message (`message`) and handing it to SMTP or, with no
SMTP server configured, to .eml files (`transport`). Nothing here knows tickets or users."""
