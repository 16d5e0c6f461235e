"""Watchers: the agents who follow a ticket and are told of what happens on it (services/notifications)."""
