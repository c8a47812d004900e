"""Logins and tokens: lockout after repeated failures, revocable and expiring
API tokens, password changes."""
