"""Use cases, one package per feature. Plain Python: no web framework is imported here.

- `common`: errors, input checks, the one permission policy, users as named in rows;
- `identity`: accounts, passwords, sessions, signing in and up;
- `tickets`: open, find, change and list tickets;
- `conversation`: replies, internal notes and the thread;
- `attachments`: files on tickets and replies, in and out;
- `tags`: the tag catalogue, tags on tickets, the list's tag filters;
- `canned`: canned replies, their variables and sandboxed rendering.

Where the next features go, each its own package beside these: `watchers`, `notifications`,
`search`, `mail` (docs/architecture.md).
"""
