"""Use cases, one package per feature. Plain Python: no web framework is imported here.

- `common`: errors, input checks, the one permission policy, users as named in rows;
- `identity`: accounts, passwords, sessions, signing in and up;
- `tickets`: open, find, change and list tickets;
- `conversation`: replies, internal notes and the thread;
- `attachments`: files on tickets and replies, in and out;
- `tags`: the tag catalogue, tags on tickets, the list's tag filters;
- `canned`: canned replies, their variables and sandboxed rendering;
- `watchers`: who follows a ticket;
- `notifications`: who is told what, in the app, written with the change that caused it;
- `mailing`: the outgoing mail those notifications (and account links) become, sent by the worker;
- `views`: saved views of the ticket list, with their counts;
- `search`: the full-text index, kept in step with every write, and searching it.

Where the next features go, each its own package beside these: `mail` intake (docs/architecture.md).
"""

from helpdesk_app.services.common.unit_of_work import before_commit
from helpdesk_app.services.notifications.fanout import write_notifications
from helpdesk_app.services.search.indexing import follow

# Every use case that records events writes their notifications and index entries in its own transaction.
before_commit(write_notifications)
before_commit(follow)
