"""Helpdesk: tickets, replies and internal notes for agents and customers."""
