"""Page paths and URL builders, so no page hard-codes another page's path."""

LOGIN = "/login"
SIGNUP = "/signup"
TICKETS = "/tickets"
SEARCH = "/search"
NEW_TICKET = "/tickets/new"
TICKET = "/tickets/[ticket_id]"
ADMIN_USERS = "/admin/users"
ADMIN_TAGS = "/admin/tags"
CANNED_REPLIES = "/canned-replies"
NOTIFICATIONS = "/notifications"
PREFERENCES = "/preferences"
ADMIN_OUTBOX = "/admin/outbox"
FORGOT_PASSWORD = "/forgot-password"
RESET_PASSWORD = "/reset-password"
VERIFY_EMAIL = "/verify-email"


def ticket_url(ticket_id: int | str) -> str:
    return f"/tickets/{ticket_id}"
