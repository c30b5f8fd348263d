"""The ``Route`` node of the catalog."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay

from models.routes import Route, Terrain
from schema.core.enums import describe_values
from schema.core.ids import key_of
from schema.members.vehicles import DrivetrainEnum
from schema.routes.loaders import RouteByIdLoader

TerrainEnum = strawberry.enum(
    Terrain,
    name="Terrain",
    description="The ground a route mostly runs on.",
)
describe_values(
    Terrain,
    {
        "DESERT": "Sand and dunes.",
        "MOUNTAIN": "Mountain tracks.",
        "FOREST": "Forest trails.",
        "SNOW": "Snow and ice.",
        "MUD": "Mud.",
        "ROCK": "Rock crawling.",
        "BEACH": "Beaches.",
    },
)


@strawberry.type(name="Route", description="An official off-road route (官方路线).")
class RouteNode(relay.Node):
    route_id: relay.NodeID[int]
    name: str = strawberry.field(description="Name, e.g. 库布其沙漠穿越.")
    name_en: str = strawberry.field(description="English name, empty when none.")
    region: str = strawberry.field(description="Where it lies, e.g. 内蒙古鄂尔多斯.")
    terrain: TerrainEnum = strawberry.field(description="Main terrain.")
    difficulty: int = strawberry.field(description="1 (gentle) to 5 (experts only).")
    distance_km: float = strawberry.field(description="Length in kilometres.")
    required_drivetrain: DrivetrainEnum | None = strawberry.field(
        description="Least capable drivetrain it needs, null when any vehicle will do."
    )
    description: str = strawberry.field(description="Route notes (markdown).")
    created_at: datetime = strawberry.field(description="When it entered the catalog.")
    from_proposal: bool = strawberry.field(
        description="It came from a member's route proposal (route co-creation)."
    )

    @classmethod
    def from_model(cls, row: Route) -> RouteNode:
        return cls(
            route_id=row.id,
            name=row.name,
            name_en=row.name_en,
            region=row.region,
            terrain=row.terrain,
            difficulty=row.difficulty,
            distance_km=row.distance_km,
            required_drivetrain=row.required_drivetrain,
            description=row.description,
            created_at=row.created_at,
            from_proposal=row.source_proposal_id is not None,  # type: ignore[attr-defined]  # FK column
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # one signature for strawberry's overloads
        cls, *, info: Any, node_ids: Iterable[str], required: bool = False
    ) -> list[RouteNode | None]:
        keys = [key_of(relay.GlobalID("Route", raw), "Route") or 0 for raw in node_ids]
        rows = await info.context.loaders.get(RouteByIdLoader).load_many(keys)
        return [cls.from_model(row) if row is not None else None for row in rows]
