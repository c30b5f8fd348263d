"""Fixtures of the members tests: the vehicle catalog, the password members are made with
where one is needed, and global ids."""

from __future__ import annotations

import pytest
from strawberry.relay import to_base64

from fixtures.loader import load_vehicle_catalog

PASSWORD = "trail-Rider-2026"


@pytest.fixture
async def catalog() -> None:
    await load_vehicle_catalog()


def global_id(type_name: str, pk: int | str) -> str:
    return to_base64(type_name, pk)
