"""Events test set-up: default tiers and earning rules before every test, and on SQLite the
guards the migration adds (PostgreSQL gets them from ``POSTGRES_DDL``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from tortoise import Tortoise

from models import events, loyalty
from services.loyalty.seed import seed_defaults


@pytest.fixture(scope="session")
async def events_guards(app: Any) -> None:
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect == "sqlite":
        for statement in [*loyalty.SQLITE_DDL, *events.SQLITE_DDL]:
            await connection.execute_script(statement)


@pytest.fixture(autouse=True)
async def events_defaults(events_guards: None) -> AsyncIterator[None]:
    await seed_defaults()
    yield
