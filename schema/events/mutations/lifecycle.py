"""Running an event (organizers): create, edit, publish and cancel it, and designate its
organizers and crew."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay

from models.events import Event, OrganizerRole
from models.members import Drivetrain
from schema.circles.types import CircleNode
from schema.core.context import Info
from schema.core.ids import Id
from schema.core.runner import run
from schema.events.enums import OrganizerRoleEnum
from schema.events.mutations.payloads import EventPayload
from schema.events.types import EventNode
from schema.members.types import MemberNode
from schema.routes.types import RouteNode
from services.core.actors import Actor
from services.events import events

#: The event fields both inputs carry, passed to the service under the same names.
_SPEC = (
    "title",
    "description",
    "time_zone",
    "starts_at",
    "ends_at",
    "meeting_city",
    "capacity",
    "signup_opens_at",
    "signup_closes_at",
    "cancel_deadline",
    "fee_points",
    "offer_window_hours",
    "checkin_opens_hours_before",
    "min_tier",
    "required_badges",
    "required_drivetrain",
    "inspection_within_days",
)
#: ``UpdateEventInput.clear`` names the requirements as the client knows them.
_CLEARABLE = {
    "minTier": "min_tier",
    "requiredBadges": "required_badges",
    "requiredDrivetrain": "required_drivetrain",
    "inspectionWithinDays": "inspection_within_days",
}


@strawberry.input(description="A new event (created as a DRAFT; publish it to open sign-up).")
class CreateEventInput:
    circle_id: relay.GlobalID = strawberry.field(description="The circle holding it.")
    route_id: relay.GlobalID = strawberry.field(description="The catalog route it runs on.")
    title: str = strawberry.field(description="Title, 1-80 characters.")
    description: str = strawberry.field(default="", description="What to expect (markdown).")
    time_zone: str = strawberry.field(
        default="Asia/Shanghai", description="IANA time zone it is held in."
    )
    starts_at: datetime = strawberry.field(description="Start, with an offset.")
    ends_at: datetime = strawberry.field(description="End, after the start.")
    meeting_city: str = strawberry.field(description="Where participants meet.")
    capacity: int = strawberry.field(description="Vehicle slots, 1-500.")
    signup_opens_at: datetime = strawberry.field(description="When sign-up opens.")
    signup_closes_at: datetime = strawberry.field(
        description="When sign-up closes (after it opens, at the latest at the start)."
    )
    cancel_deadline: datetime = strawberry.field(
        description="Cancelling after this keeps the fee (at the latest at the start)."
    )
    fee_points: int = strawberry.field(default=0, description="Points fee, 0 for free.")
    offer_window_hours: int = strawberry.field(
        default=48, description="How long a waitlist offer stays open, 1-168 h."
    )
    checkin_opens_hours_before: int = strawberry.field(
        default=2,
        description="Check-in opens this many hours before the start (0-72) and closes at the end.",
    )
    min_tier: str | None = strawberry.field(
        default=None, description="Lowest tier key allowed (SILVER, GOLD, DIAMOND)."
    )
    required_badges: list[str] | None = strawberry.field(
        default=None, description="Keys of badges a member must hold (up to 10)."
    )
    required_drivetrain: Drivetrain | None = strawberry.field(
        default=None, description="Least capable drivetrain a vehicle needs."
    )
    inspection_within_days: int | None = strawberry.field(
        default=None, description="Require a passed dealer inspection this recent (1-365 d)."
    )


@strawberry.input(description="Changes to an event; fields left null stay as they are.")
class UpdateEventInput:
    event_id: relay.GlobalID = strawberry.field(description="The event.")
    route_id: relay.GlobalID | None = strawberry.field(default=None, description="New route.")
    title: str | None = strawberry.field(default=None, description="New title.")
    description: str | None = strawberry.field(default=None, description="New description.")
    time_zone: str | None = strawberry.field(default=None, description="New time zone.")
    starts_at: datetime | None = strawberry.field(default=None, description="New start.")
    ends_at: datetime | None = strawberry.field(default=None, description="New end.")
    meeting_city: str | None = strawberry.field(default=None, description="New meeting city.")
    capacity: int | None = strawberry.field(
        default=None, description="New capacity (not below the seats taken)."
    )
    signup_opens_at: datetime | None = strawberry.field(default=None, description="New opening.")
    signup_closes_at: datetime | None = strawberry.field(default=None, description="New closing.")
    cancel_deadline: datetime | None = strawberry.field(default=None, description="New deadline.")
    fee_points: int | None = strawberry.field(
        default=None, description="New fee (only while nobody has signed up)."
    )
    offer_window_hours: int | None = strawberry.field(default=None, description="New window.")
    checkin_opens_hours_before: int | None = strawberry.field(
        default=None, description="New check-in opening, in hours before the start (0-72)."
    )
    min_tier: str | None = strawberry.field(default=None, description="New minimum tier.")
    required_badges: list[str] | None = strawberry.field(default=None, description="New badges.")
    required_drivetrain: Drivetrain | None = strawberry.field(
        default=None, description="New drivetrain requirement."
    )
    inspection_within_days: int | None = strawberry.field(
        default=None, description="New inspection requirement."
    )
    clear: list[str] | None = strawberry.field(
        default=None,
        description="Requirements to drop: minTier, requiredBadges, requiredDrivetrain, "
        "inspectionWithinDays.",
    )


@strawberry.input(description="Names an event.")
class EventInput:
    event_id: relay.GlobalID = strawberry.field(description="The event.")


@strawberry.input(description="Cancel an event.")
class CancelEventInput:
    event_id: relay.GlobalID = strawberry.field(description="The event.")
    reason: str = strawberry.field(default="", description="Why, told to registrants.")


@strawberry.input(description="Designate a member on an event.")
class SetEventOrganizerInput:
    event_id: relay.GlobalID = strawberry.field(description="The event.")
    member_id: relay.GlobalID = strawberry.field(description="The member.")
    role: OrganizerRoleEnum = strawberry.field(description="What they will do.")


@strawberry.input(description="Take a member off an event's organizers and crew.")
class RemoveEventOrganizerInput:
    event_id: relay.GlobalID = strawberry.field(description="The event.")
    member_id: relay.GlobalID = strawberry.field(description="The member.")


def _spec(given: CreateEventInput | UpdateEventInput) -> dict[str, Any]:
    return {name: getattr(given, name) for name in _SPEC}


async def _set_organizer(
    *, actor: Actor, event_id: int, member_id: int, role: OrganizerRole
) -> Event:
    await events.set_organizer(actor=actor, event_id=event_id, member_id=member_id, role=role)
    return await Event.get(id=event_id)


async def _remove_organizer(*, actor: Actor, event_id: int, member_id: int) -> Event:
    await events.remove_organizer(actor=actor, event_id=event_id, member_id=member_id)
    return await Event.get(id=event_id)


@strawberry.type
class EventLifecycleMutations:
    @strawberry.mutation(
        description="Create a DRAFT event in a circle you own or moderate; you become its "
        "ORGANIZER."
    )
    async def create_event(self, info: Info, input: CreateEventInput) -> EventPayload:
        return await run(
            info,
            EventPayload,
            events.create_event,
            circle_id=Id(input.circle_id, CircleNode),
            route_id=Id(input.route_id, RouteNode),
            **_spec(input),
        )

    @strawberry.mutation(
        description="Change an event. Registrants of a published event are notified when its "
        "time, meeting city or route changes."
    )
    async def update_event(self, info: Info, input: UpdateEventInput) -> EventPayload:
        return await run(
            info,
            EventPayload,
            events.update_event,
            event_id=Id(input.event_id, EventNode),
            route_id=Id(input.route_id, RouteNode, optional=True),
            clear=[_CLEARABLE.get(name, name) for name in input.clear or []],
            **_spec(input),
        )

    @strawberry.mutation(description="Publish a DRAFT event, opening it for sign-up.")
    async def publish_event(self, info: Info, input: EventInput) -> EventPayload:
        return await run(
            info, EventPayload, events.publish_event, event_id=Id(input.event_id, EventNode)
        )

    @strawberry.mutation(
        description="Cancel an event: every registration is cancelled, held fees are released "
        "and registrants are notified."
    )
    async def cancel_event(self, info: Info, input: CancelEventInput) -> EventPayload:
        return await run(
            info,
            EventPayload,
            events.cancel_event,
            event_id=Id(input.event_id, EventNode),
            reason=input.reason,
        )

    @strawberry.mutation(description="Designate a member as organizer, co-organizer or crew.")
    async def set_event_organizer(self, info: Info, input: SetEventOrganizerInput) -> EventPayload:
        return await run(
            info,
            EventPayload,
            _set_organizer,
            event_id=Id(input.event_id, EventNode),
            member_id=Id(input.member_id, MemberNode),
            role=input.role,
        )

    @strawberry.mutation(description="Take a member off an event's organizers and crew.")
    async def remove_event_organizer(
        self, info: Info, input: RemoveEventOrganizerInput
    ) -> EventPayload:
        return await run(
            info,
            EventPayload,
            _remove_organizer,
            event_id=Id(input.event_id, EventNode),
            member_id=Id(input.member_id, MemberNode),
        )
