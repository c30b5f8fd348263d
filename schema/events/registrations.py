"""``Registration``: a member's sign-up for an event, seen by its member and the event's
organizers and crew."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from models.events import Registration, RegistrationStatus
from schema.core.context import Info
from schema.core.ids import key_of
from schema.events import guarded_fields
from schema.events.enums import RegistrationStatusEnum
from schema.events.feedback_types import EventFeedbackType
from schema.events.loaders import (
    EventByIdLoader,
    RegistrationByIdLoader,
    WaitlistPositionLoader,
    viewer_standings,
)
from schema.members.types import MemberNode, member_nodes_by_id
from schema.members.vehicles import VehicleNode
from services.events.access import allows

if TYPE_CHECKING:
    from schema.events.types import EventNode

#: ``Event`` lists its registrations: strawberry resolves this one when the schema is built.
LazyEvent = Annotated["EventNode", strawberry.lazy("schema.events.types")]


@strawberry.type(name="Registration", description="A member's sign-up for an event (报名).")
class RegistrationNode(relay.Node):
    registration_id: relay.NodeID[int]
    status: RegistrationStatusEnum = strawberry.field(description="Where the sign-up stands.")
    passengers: int = strawberry.field(description="Passengers besides the driver (0-8).")
    offered_at: datetime | None = strawberry.field(description="When a seat was offered.")
    offer_expires_at: datetime | None = strawberry.field(
        description="Until when the offered seat may be accepted (OFFERED only)."
    )
    confirmed_at: datetime | None = strawberry.field(description="When the seat was confirmed.")
    cancelled_at: datetime | None = strawberry.field(description="When it was cancelled.")
    created_at: datetime = strawberry.field(description="When the member signed up.")
    event_id: strawberry.Private[int]
    member_id: strawberry.Private[int]
    vehicle_id: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, row: Registration) -> RegistrationNode:
        return cls(
            registration_id=row.id,
            status=row.status,
            passengers=row.passengers,
            offered_at=row.offered_at,
            offer_expires_at=row.offer_expires_at,
            confirmed_at=row.confirmed_at,
            cancelled_at=row.cancelled_at,
            created_at=row.created_at,
            event_id=row.event_id,
            member_id=row.member_id,
            vehicle_id=row.vehicle_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # one form for relay's overloads
        cls, *, info: Any, node_ids: Iterable[str], required: bool = False
    ) -> list[RegistrationNode | None]:
        """Visible to its member and to the event's organizers."""
        keys = [
            key_of(relay.GlobalID("Registration", id_), "Registration") or 0 for id_ in node_ids
        ]
        rows = await info.context.loaders.get(RegistrationByIdLoader).load_many(keys)
        viewer = await info.context.viewer()
        if viewer is None:
            return [None] * len(rows)
        standings = await viewer_standings(
            info, [row.event_id if row is not None else 0 for row in rows]
        )
        return [
            cls.from_model(row)
            if row is not None and (row.member_id == viewer.id or allows(standing))
            else None
            for row, standing in zip(rows, standings, strict=True)
        ]

    @strawberry.field(description="Place in line (1 = next) while WAITLISTED, else null.")
    async def waitlist_position(self, info: Info) -> int | None:
        if self.status != RegistrationStatus.WAITLISTED:
            return None
        return await info.context.loaders.get(WaitlistPositionLoader).load(self.registration_id)

    @strawberry.field(description="The event signed up for.")
    async def event(self, info: Info) -> LazyEvent | None:
        from schema.events.types import EventNode

        row = await info.context.loaders.get(EventByIdLoader).load(self.event_id)
        return EventNode.from_model(row) if row is not None else None

    @strawberry.field(description="The member (as the viewer may see them).")
    async def member(self, info: Info) -> MemberNode | None:
        return (await member_nodes_by_id(info, [self.member_id]))[0]

    @strawberry.field(description="The vehicle, when its owner's garage is visible.")
    async def vehicle(self, info: Info) -> VehicleNode | None:
        if self.vehicle_id is None:
            return None
        return (await VehicleNode.resolve_nodes(info=info, node_ids=[str(self.vehicle_id)]))[0]

    @strawberry.field(
        description="The signed check-in code (QR payload) to show the crew: its member only, "
        "while CONFIRMED."
    )
    async def checkin_code(self, info: Info) -> str | None:
        return await guarded_fields.checkin_code(info, self.registration_id, self.member_id)

    @strawberry.field(description="When the member was checked in.")
    async def checked_in_at(self, info: Info) -> datetime | None:
        return await guarded_fields.moment(info, self.registration_id, "checked_in_at")

    @strawberry.field(description="When the registration was completed.")
    async def completed_at(self, info: Info) -> datetime | None:
        return await guarded_fields.moment(info, self.registration_id, "completed_at")

    @strawberry.field(description="The feedback left on it, null when none.")
    async def feedback(self, info: Info) -> EventFeedbackType | None:
        return await guarded_fields.registration_feedback(
            info, self.registration_id, self.member_id, self.event_id
        )
