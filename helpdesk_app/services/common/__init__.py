"""What every feature shares: typed errors, input checks, the permission policy, user references."""
