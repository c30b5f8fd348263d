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
    async def member(self, info: Info, handle: str) -> MemberNode | None:
        found = await profile.find_by_handle(handle)
        return (await member_nodes(info, [found]))[0]

    @strawberry.field(
        description="The vehicle catalog (车型库), optionally filtered by drivetrain and brand "
        "(English or Chinese name)."
    )
    async def vehicle_models(
        self,
        drivetrain: DrivetrainEnum | None = None,
        brand: str | None = None,
    ) -> list[VehicleModelNode]:
        models = await garage.vehicle_catalog(drivetrain=drivetrain, brand=brand)
        return [VehicleModelNode.from_model(model) for model in models]
