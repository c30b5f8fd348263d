"""Generator test set-up: on SQLite the unique index and triggers the migrations add (the
generated registrations must respect one active registration per member and event)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from tortoise import Tortoise

from models import MODEL_MODULES


@pytest.fixture(scope="session", autouse=True)
async def sqlite_guards(app: Any) -> None:
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect != "sqlite":
        return
    for module in MODEL_MODULES:
        for statement in getattr(importlib.import_module(module), "SQLITE_DDL", []):
            await connection.execute_script(statement)
