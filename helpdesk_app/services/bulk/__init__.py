"""Bulk actions: one change applied to many tickets, all or nothing."""
