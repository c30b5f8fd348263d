"""Route catalog mutations (staff)."""

from __future__ import annotations

import strawberry

from schema.core.context import Info
from schema.core.payload import Payload
from schema.core.runner import run
from schema.members.vehicles import DrivetrainEnum
from schema.routes.types import RouteNode, TerrainEnum
from services import routes


@strawberry.input(description="A route for the official catalog.")
class CreateRouteInput:
    name: str = strawberry.field(description="Name, up to 64 characters.")
    name_en: str | None = strawberry.field(default=None, description="English name.")
    region: str = strawberry.field(description="Where it lies.")
    terrain: TerrainEnum = strawberry.field(description="Main terrain.")
    difficulty: int = strawberry.field(description="1 to 5.")
    distance_km: float = strawberry.field(description="Length in km (up to 5,000).")
    required_drivetrain: DrivetrainEnum | None = strawberry.field(
        default=None, description="Least capable drivetrain it needs."
    )
    description: str | None = strawberry.field(default=None, description="Route notes.")


@strawberry.type(description="Result of adding a route to the catalog.")
class RoutePayload(Payload):
    route: RouteNode | None = strawberry.field(default=None, description="The route.")


@strawberry.type
class RouteMutations:
    @strawberry.mutation(description="Add a route to the official catalog (staff).")
    async def create_route(self, info: Info, input: CreateRouteInput) -> RoutePayload:
        return await run(
            info,
            RoutePayload,
            routes.create_route,
            name=input.name,
            name_en=input.name_en,
            region=input.region,
            terrain=input.terrain,
            difficulty=input.difficulty,
            distance_km=input.distance_km,
            required_drivetrain=input.required_drivetrain,
            description=input.description,
        )
