"""Route catalog queries."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.circles.args import After, First, page
from schema.core.context import Info
from schema.core.pagination import Connection, to_connection
from schema.members.vehicles import DrivetrainEnum
from schema.routes.types import RouteNode, TerrainEnum
from services import routes


@strawberry.input(description="Narrows the route catalog; all given conditions must hold.")
class RouteFilterInput:
    terrain: TerrainEnum | None = strawberry.field(default=None, description="Only this terrain.")
    min_difficulty: int | None = strawberry.field(default=None, description="At least this hard.")
    max_difficulty: int | None = strawberry.field(default=None, description="At most this hard.")
    drivetrain: DrivetrainEnum | None = strawberry.field(
        default=None, description="Only routes a vehicle with this drivetrain may drive."
    )
    text: str | None = strawberry.field(
        default=None, description="Part of the name, English name or region."
    )


@strawberry.type
class RouteQueries:
    @strawberry.field(description="The official route catalog, newest first.")
    async def routes(
        self,
        info: Info,
        filter: Annotated[
            RouteFilterInput | None,
            strawberry.argument(description="Narrow the list; every route when omitted."),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[RouteNode]:
        given = filter or RouteFilterInput()
        result = await routes.list_routes(
            route_filter=routes.RouteFilter(
                terrain=given.terrain,
                min_difficulty=given.min_difficulty,
                max_difficulty=given.max_difficulty,
                drivetrain=given.drivetrain,
                text=given.text,
            ),
            args=page(first, after),
        )
        return to_connection(result, RouteNode.from_model)
