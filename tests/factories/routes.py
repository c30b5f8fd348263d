"""Builder of catalog routes."""

from __future__ import annotations

from typing import Any

from models.routes import Route, Terrain
from tests.factories.sequence import next_number


async def make_route(**overrides: Any) -> Route:
    """A catalog route: a gentle (difficulty 2) desert crossing unless overridden."""
    n = next_number()
    values: dict[str, Any] = {
        "name": f"腾格里穿越{n}",
        "name_en": f"Tengger crossing {n}",
        "region": "内蒙古阿拉善",
        "terrain": Terrain.DESERT,
        "difficulty": 2,
        "distance_km": 120.0,
    }
    values.update(overrides)
    return await Route.create(**values)
