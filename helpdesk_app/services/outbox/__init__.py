"""The outbox's other end: claiming entries with a lease, delivering them to consumers with retries
(`delivery`), and what admins see and retry (`admin`). Entries are written by the unit of work."""
