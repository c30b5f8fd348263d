"""Viewer fields owned by the events domain: the viewer's registrations and the inspections of
their vehicles."""

from __future__ import annotations

import strawberry

from schema.circles.args import After, First, page
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.pagination import Connection, to_connection
from schema.events.ops_types import InspectionNode
from schema.events.types import RegistrationNode, RegistrationStatusEnum
from services.events import inspections, listing


@strawberry.type
class EventViewerFields:
    @strawberry.field(description="The viewer's event registrations, newest first.")
    async def registrations(
        self,
        info: Info,
        status: RegistrationStatusEnum | None = None,  # type: ignore[valid-type]
        first: First = None,
        after: After = None,
    ) -> Connection[RegistrationNode]:
        result = await listing.member_registrations(
            member_id=self.member.id,  # type: ignore[attr-defined]
            status=status,
            args=page(first, after),
        )
        return to_connection(result, RegistrationNode.from_model)

    @strawberry.field(description="Dealer inspections of the viewer's vehicles, newest first.")
    async def inspections(
        self,
        info: Info,
        vehicle_id: strawberry.ID | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[InspectionNode]:
        vehicle = decode_id(str(vehicle_id), "Vehicle") if vehicle_id is not None else None
        result = await inspections.member_inspections(
            member_id=self.member.id,  # type: ignore[attr-defined]
            vehicle_id=vehicle,
            args=page(first, after),
        )
        return to_connection(result, InspectionNode.from_model)
