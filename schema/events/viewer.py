"""Viewer fields owned by the events domain: the viewer's registrations and the inspections of
their vehicles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from schema.circles.args import After, First, page
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.pagination import Connection, to_connection
from schema.events.enums import RegistrationStatusEnum
from schema.events.inspection_types import InspectionNode
from schema.events.types import RegistrationNode
from schema.members.vehicles import VehicleNode
from services.events import inspections, listing


@strawberry.type
class EventViewerFields:
    """Resolved on the request's ``schema.core.context.Viewer``, which is ``self`` here."""

    if TYPE_CHECKING:
        id: int  # the viewer's member id

    @strawberry.field(description="The viewer's event registrations, newest first.")
    async def registrations(
        self,
        info: Info,
        status: Annotated[
            RegistrationStatusEnum | None,
            strawberry.argument(description="Only registrations in this state; all when omitted."),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[RegistrationNode]:
        result = await listing.member_registrations(
            member_id=self.id,
            status=status,
            args=page(first, after),
        )
        return to_connection(result, RegistrationNode.from_model)

    @strawberry.field(description="Dealer inspections of the viewer's vehicles, newest first.")
    async def inspections(
        self,
        info: Info,
        vehicle_id: Annotated[
            relay.GlobalID | None,
            strawberry.argument(description="Only this vehicle's inspections; all when omitted."),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[InspectionNode]:
        vehicle = decode_id(vehicle_id, VehicleNode) if vehicle_id is not None else None
        result = await inspections.member_inspections(
            member_id=self.id,
            vehicle_id=vehicle,
            args=page(first, after),
        )
        return to_connection(result, InspectionNode.from_model)
