"""Saved views: a ticket list's filter and sort under a name, with their counts."""
