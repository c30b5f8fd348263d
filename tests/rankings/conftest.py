"""Rankings test set-up: the default earning rules (boards read earned points, season awards
earn SEASON_AWARD points) and, on SQLite, the loyalty guard triggers and the rankings indexes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from tortoise import Tortoise

from models import loyalty, rankings
from services.loyalty.seed import seed_defaults


@pytest.fixture(scope="session")
async def ranking_guards(app: Any) -> None:
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect == "sqlite":
        for statement in [*loyalty.SQLITE_DDL, *rankings.SQLITE_DDL]:
            await connection.execute_script(statement)


@pytest.fixture(autouse=True)
async def ranking_defaults(ranking_guards: None) -> AsyncIterator[None]:
    await seed_defaults()
    yield
