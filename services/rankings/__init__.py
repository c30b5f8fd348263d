"""Leaderboards: metric × scope × period boards served from Redis sorted sets, rebuilt from
PostgreSQL (the truth), updated incrementally, snapshotted for movement, frozen per season."""
