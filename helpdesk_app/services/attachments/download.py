"""The download's lookup: who asks and the attachment they ask for, in the one access statement.

Downloads are the hottest read there is (a ticket page fetches each image it previews): the
session, its user and the attachment with its ticket's requester come back as one Core row
(identity.access.resolve), judged by the usual rules (access.ticket_view, listing.may_see).
"""

from sqlalchemy import Connection

from helpdesk_app.models import Attachment
from helpdesk_app.services.attachments.listing import may_see
from helpdesk_app.services.common.errors import NotAuthenticated, NotFound
from helpdesk_app.services.identity import access


def downloadable(conn: Connection, token: str | None, attachment_id: int) -> Attachment:
    """The attachment the token's user may download: NotAuthenticated for no live session,
    NotFound for an attachment that does not exist or that the user may not see."""
    found = access.resolve(conn, token, attachment_id=attachment_id)
    if found is None:
        raise NotAuthenticated()
    if found.attachment is None or not may_see(found.attachment_view, found.attachment, found.in_internal_note):
        raise NotFound("Attachment not found.")
    return found.attachment
