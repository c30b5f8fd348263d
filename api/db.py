"""Tortoise configuration shared by the app, the CLI, jobs and tests."""

from __future__ import annotations

from typing import Any

from models import MODEL_MODULES


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": database_url},
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


def _from_env() -> dict[str, Any]:
    from api.settings import get_settings

    return tortoise_config(get_settings().database_url)


#: For the ``tortoise`` command line (``tortoise -c api.db.TORTOISE_ORM makemigrations``).
TORTOISE_ORM = _from_env()
