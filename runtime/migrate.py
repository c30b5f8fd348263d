"""Applying the database migrations in ``migrations/``."""

from __future__ import annotations

from pathlib import Path

from tortoise import Tortoise
from tortoise.migrations.api.migrate import migrate

from runtime.database import tortoise_config


async def apply_migrations(database_url: str) -> None:
    """Bring the database at ``database_url`` to the newest migration (idempotent)."""
    if database_url.startswith("sqlite://") and not database_url.startswith("sqlite://:memory:"):
        Path(database_url.removeprefix("sqlite://")).parent.mkdir(parents=True, exist_ok=True)
    try:
        await migrate(config=tortoise_config(database_url))
    finally:
        await Tortoise.close_connections()
