"""The conversation on a ticket: public replies, internal notes, and the thread with its history."""
