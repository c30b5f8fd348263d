"""Member queries: ``viewer``, ``member(handle:)`` and the vehicle catalog."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.core.context import Info
from schema.members.types import MemberNode, member_nodes
from schema.members.vehicles import DrivetrainEnum, VehicleModelNode
from services.members import garage, profile

if TYPE_CHECKING:
    from schema.viewer import ViewerType


@strawberry.type
class MemberQueries:
    @strawberry.field(description="The signed-in member's own view, or null when anonymous.")
    async def viewer(
        self, info: Info
    ) -> Annotated[ViewerType, strawberry.lazy("schema.viewer")] | None:
        return await info.context.viewer()

    @strawberry.field(
        description="A member by handle (case-insensitive), null when there is none. Fields "
        "the member's privacy settings hide from the viewer are null."
    )
    async def member(
        self,
        info: Info,
        handle: Annotated[str, strawberry.argument(description="The member's handle, any case.")],
    ) -> MemberNode | None:
        found = await profile.find_by_handle(handle)
        return (await member_nodes(info, [found]))[0]

    @strawberry.field(
        description="The vehicle catalog (车型库), optionally filtered by drivetrain and brand "
        "(English or Chinese name)."
    )
    async def vehicle_models(
        self,
        drivetrain: Annotated[
            DrivetrainEnum | None,
            strawberry.argument(description="Only models with this drivetrain."),
        ] = None,
        brand: Annotated[
            str | None,
            strawberry.argument(description="Only this brand's models (English or Chinese name)."),
        ] = None,
    ) -> list[VehicleModelNode]:
        models = await garage.vehicle_catalog(drivetrain=drivetrain, brand=brand)
        return [VehicleModelNode.from_model(model) for model in models]
