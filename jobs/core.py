"""Platform jobs (outbox, housekeeping)."""
