"""SQLModel tables and the schemas the API and UI show. Importing this registers every table."""

from sqlalchemy.orm import configure_mappers
from sqlmodel import SQLModel

from helpdesk_app.models.attachment import Attachment, AttachmentPublic, ScanStatus
from helpdesk_app.models.canned_reply import CannedReply, CannedReplyPublic, CannedScope
from helpdesk_app.models.auth import AccountToken, AuthSession, LoginFailure, ResetRequest
from helpdesk_app.models.mail import Mail, MailKind, MailStatus
from helpdesk_app.models.notification import (
    EmailState,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationPublic,
    TicketMute,
)
from helpdesk_app.models.outbox import OutboxEntry, OutboxStatus
from helpdesk_app.models.search import EntryKind, SearchEntry
from helpdesk_app.models.saved_view import DefaultView, SavedView, ViewPublic, ViewScope
from helpdesk_app.models.tag import Tag, TagPublic, TagRef, TicketTag
from helpdesk_app.models.reply import Reply, ReplyPublic, TicketEvent, TicketEventPublic
from helpdesk_app.models.ticket import (
    Ticket,
    TicketCreate,
    TicketNumberCounter,
    TicketPriority,
    TicketPublic,
    TicketSource,
    TicketStatus,
    TicketUpdate,
)
from helpdesk_app.models.types import utcnow
from helpdesk_app.models.user import Role, User, UserPublic, UserRef
from helpdesk_app.models.watcher import TicketWatcher, WatcherPublic

# Every table above is registered here: Alembic, the schema test and the test database go by it.
metadata = SQLModel.metadata

__all__ = [
    "AccountToken", "EmailState", "Mail", "MailKind", "MailStatus", "Notification", "NotificationKind",
    "NotificationPreference", "NotificationPublic", "ResetRequest", "TicketMute", "TicketSource", "TicketWatcher",
    "WatcherPublic",
    "Attachment", "AttachmentPublic", "AuthSession", "CannedReply", "CannedReplyPublic", "CannedScope",
    "LoginFailure", "OutboxEntry", "OutboxStatus", "Reply", "ReplyPublic", "Role", "ScanStatus", "Tag",
    "TagPublic", "TagRef", "Ticket", "TicketCreate", "TicketEvent", "TicketEventPublic", "TicketNumberCounter",
    "TicketPriority", "TicketPublic", "TicketStatus", "TicketTag", "TicketUpdate", "User", "UserPublic",
    "UserRef", "metadata", "utcnow", "DefaultView", "SavedView", "ViewPublic", "ViewScope",
    "EntryKind", "SearchEntry",
]

# Set up the mappings between the tables now, not at the first query: until then a model built
# with model_construct (the download's lookup builds its Attachment so) cannot read its own
# fields, and the first download after a start would fail.
configure_mappers()
