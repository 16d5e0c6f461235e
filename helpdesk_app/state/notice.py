"""A message from the server to whoever is on the page: that something went wrong on our side.

It is state, not a toast: Reflex's toasts sent from the server are scripts, run with eval, which
the pages' Content-Security-Policy does not allow (api/security_headers.py).
"""

import reflex as rx

SERVER_ERROR = "Something went wrong on our side. Please try again."


class NoticeState(rx.State):
    error: str = ""

    @rx.event
    def show_error(self, message: str):
        self.error = message

    @rx.event
    def dismiss(self):
        self.error = ""
