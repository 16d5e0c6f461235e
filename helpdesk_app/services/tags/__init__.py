"""Tags: internal labels on tickets. The catalogue (`catalog`), tags on tickets (`on_tickets`), the
list's tag filters (`filters`), and what a name may be (`names`)."""
