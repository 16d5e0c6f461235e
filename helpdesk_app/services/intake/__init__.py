"""What comes in with files: a new ticket, a reply or note. The UI, the REST API and (later) the mail
importer call these alike; each keeps its message and its files together, or neither."""
