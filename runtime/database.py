"""Tortoise configuration shared by the app, the CLI, jobs and tests."""

from __future__ import annotations

from typing import Any

from tortoise.backends.base.config_generator import expand_db_url

from models import MODEL_MODULES


async def keep_session(connection: Any) -> None:
    """Releasing a PostgreSQL connection to the pool: asyncpg has already rolled back an open
    transaction; its default reset would add a round trip per release (``RESET ALL``, ``CLOSE
    ALL``, ``UNLISTEN *``, ``pg_advisory_unlock_all()``) for session state this code never
    creates: settings are ``SET LOCAL``, cursors live inside transactions, nothing LISTENs or
    takes session advisory locks. Outside a transaction tortoise takes a pooled connection per
    statement, so that round trip was paid once per statement."""


def connection_config(database_url: str) -> str | dict[str, Any]:
    """The tortoise connection for a URL: PostgreSQL pools release without the reset query."""
    if not database_url.startswith(("postgres://", "postgresql://", "asyncpg://")):
        return database_url
    config = expand_db_url(database_url)
    if config["engine"] == "tortoise.backends.asyncpg":
        config["credentials"]["reset"] = keep_session
    return config


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": connection_config(database_url)},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def __getattr__(name: str) -> Any:
    """``TORTOISE_ORM``, for the ``tortoise`` command line (``tortoise -c
    runtime.database.TORTOISE_ORM makemigrations``): read from the environment only when asked
    for, so importing this module never reads (or refuses) the settings."""
    if name == "TORTOISE_ORM":
        from runtime.config import get_settings

        return tortoise_config(get_settings().database_url)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
