"""Plumbing every domain shares: dialect-aware SQL, idempotency records, the clock, the actor."""
