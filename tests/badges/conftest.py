"""Badge test set-up: default tiers and earning rules (awards earn BADGE_AWARDED points) and,
on SQLite, the guard triggers and indexes the migrations add."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from tortoise import Tortoise

from models import badges, events, loyalty
from services.loyalty.seed import seed_defaults


@pytest.fixture(scope="session")
async def badge_guards(app: Any) -> None:
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect == "sqlite":
        for module in (loyalty, events, badges):
            for statement in module.SQLITE_DDL:
                await connection.execute_script(statement)


@pytest.fixture(autouse=True)
async def badge_defaults(badge_guards: None) -> AsyncIterator[None]:
    await seed_defaults()
    yield
