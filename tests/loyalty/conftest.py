"""Loyalty test set-up: default tiers and rules before every test, and on SQLite the guard
triggers the migration adds (PostgreSQL gets its check constraints from ``POSTGRES_DDL``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from tortoise import Tortoise

from models.loyalty import SQLITE_DDL
from services.loyalty.seed import seed_defaults


@pytest.fixture(scope="session")
async def loyalty_guards(app: Any) -> None:
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect == "sqlite":
        for statement in SQLITE_DDL:
            await connection.execute_script(statement)


@pytest.fixture(autouse=True)
async def loyalty_defaults(loyalty_guards: None) -> AsyncIterator[None]:
    await seed_defaults()
    yield
