"""``Event`` and ``Registration``, which refer to each other: an event lists its registrations
(the viewer's own, or all of them for its organizers and crew), a registration names its event.
The fields only some viewers see are resolved in ``guarded_fields``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import strawberry
from strawberry import relay

from models.events import Event, Registration, RegistrationStatus
from models.members import Drivetrain
from schema.circles.args import After, First, page
from schema.circles.loaders import CircleByIdLoader
from schema.circles.types import CircleNode
from schema.core.context import Info
from schema.core.ids import key_of
from schema.core.pagination import Connection, to_connection
from schema.events import guarded_fields
from schema.events.assistance_types import AssistanceRequestNode, AssistanceSummaryType
from schema.events.enums import EventStatusEnum, RegistrationStatusEnum
from schema.events.event_parts import (
    EventOrganizerType,
    EventRequirements,
    RegistrationFilterInput,
    UnmetRequirement,
)
from schema.events.feedback_types import EventFeedbackType, EventFunnelType, FeedbackSummaryType
from schema.events.loaders import (
    EventByIdLoader,
    OrganizersByEventLoader,
    RegistrationByIdLoader,
    UnmetRequirementsLoader,
    ViewerRegistrationLoader,
    WaitlistPositionLoader,
    viewer_standings,
)
from schema.members.types import MemberNode, member_nodes_by_id
from schema.members.vehicles import VehicleNode
from schema.routes.loaders import RouteByIdLoader
from schema.routes.types import RouteNode
from services.events.access import allows, visible
from services.events.checkin import checkin_window
from services.events.requirements import DRIVETRAIN_RANK
from services.i18n import translate


def _local(moment: datetime, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).isoformat()


@strawberry.type(name="Event", description="An off-road event (越野活动) of a circle on a route.")
class EventNode(relay.Node):
    event_id: relay.NodeID[int]
    title: str = strawberry.field(description="Title, up to 80 characters.")
    description: str = strawberry.field(description="What to expect (markdown).")
    status: EventStatusEnum = strawberry.field(
        description="DRAFT, PUBLISHED, CANCELLED, COMPLETED."
    )
    time_zone: str = strawberry.field(description="IANA time zone it is held in.")
    starts_at: datetime = strawberry.field(description="Start (an instant, UTC).")
    ends_at: datetime = strawberry.field(description="End (an instant, UTC).")
    meeting_city: str = strawberry.field(description="Where participants meet.")
    capacity: int = strawberry.field(description="Vehicle slots.")
    seats_taken: int = strawberry.field(description="Seats held (confirmed, offered, checked in).")
    waitlist_length: int = strawberry.field(description="Registrations waiting for a seat.")
    fee_points: int = strawberry.field(
        description="Points held at sign-up with a seat, captured at check-in (0 = free)."
    )
    offer_window_hours: int = strawberry.field(
        description="How long a seat offered to the waitlist stays open."
    )
    check_in_opens_at: datetime = strawberry.field(
        description="When check-in opens (some hours before the start, as the organizer set)."
    )
    check_in_closes_at: datetime = strawberry.field(
        description="When check-in closes: the end of the event."
    )
    signup_opens_at: datetime = strawberry.field(
        description="When sign-up opens for everyone (higher tiers may sign up earlier)."
    )
    signup_closes_at: datetime = strawberry.field(description="When sign-up closes.")
    cancel_deadline: datetime = strawberry.field(description="Cancelling after this keeps the fee.")
    published_at: datetime | None = strawberry.field(description="When it was published.")
    cancelled_at: datetime | None = strawberry.field(description="When it was cancelled.")
    cancel_reason: str = strawberry.field(description="Why it was cancelled (may be empty).")
    created_at: datetime = strawberry.field(description="When it was created.")
    circle_id: strawberry.Private[int]
    route_id: strawberry.Private[int]
    min_tier: strawberry.Private[str | None]
    required_badges: strawberry.Private[list[str]]
    required_drivetrain: strawberry.Private[Drivetrain | None]
    inspection_within_days: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, row: Event) -> EventNode:
        return cls(
            event_id=row.id,
            title=row.title,
            description=row.description,
            status=row.status,
            time_zone=row.time_zone,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            meeting_city=row.meeting_city,
            capacity=row.capacity,
            seats_taken=row.seats_taken,
            waitlist_length=row.waitlist_length,
            fee_points=row.fee_points,
            offer_window_hours=row.offer_window_hours,
            check_in_opens_at=checkin_window(row)[0],
            check_in_closes_at=checkin_window(row)[1],
            signup_opens_at=row.signup_opens_at,
            signup_closes_at=row.signup_closes_at,
            cancel_deadline=row.cancel_deadline,
            published_at=row.published_at,
            cancelled_at=row.cancelled_at,
            cancel_reason=row.cancel_reason,
            created_at=row.created_at,
            circle_id=row.circle_id,
            route_id=row.route_id,
            min_tier=row.min_tier,
            required_badges=list(row.required_badges or []),
            required_drivetrain=row.required_drivetrain,
            inspection_within_days=row.inspection_within_days,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # one form for relay's overloads
        cls, *, info: Any, node_ids: Iterable[str], required: bool = False
    ) -> list[EventNode | None]:
        """DRAFT events are visible to their organizers only, those of INVITE circles to the
        circle's members and the event's organizers and crew."""
        keys = [key_of(relay.GlobalID("Event", node_id), "Event") or 0 for node_id in node_ids]
        rows = await info.context.loaders.get(EventByIdLoader).load_many(keys)
        found = [row for row in rows if row is not None]
        shown = await visible(await info.context.viewer(), found)
        return [
            cls.from_model(row) if row is not None and row.id in shown else None for row in rows
        ]

    @strawberry.field(description="Seats still free (capacity minus seats taken).")
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    @strawberry.field(
        description="True when no seat is free: signing up now only joins the waitlist "
        "(a seat is offered when one frees up)."
    )
    def sign_up_waitlists(self) -> bool:
        return self.seats_taken >= self.capacity

    @strawberry.field(description="Start in the event's time zone (ISO 8601 with offset).")
    def local_starts_at(self) -> str:
        return _local(self.starts_at, self.time_zone)

    @strawberry.field(description="End in the event's time zone (ISO 8601 with offset).")
    def local_ends_at(self) -> str:
        return _local(self.ends_at, self.time_zone)

    @strawberry.field(description="What a member needs to sign up.")
    async def requirements(self, info: Info) -> EventRequirements:
        route = await info.context.loaders.get(RouteByIdLoader).load(self.route_id)
        wanted = [d for d in (self.required_drivetrain, route and route.required_drivetrain) if d]
        return EventRequirements(
            min_tier=self.min_tier,
            badges=self.required_badges,
            drivetrain=max(wanted, key=lambda d: DRIVETRAIN_RANK[d], default=None),
            inspection_within_days=self.inspection_within_days,
        )

    @strawberry.field(description="The circle holding the event.")
    async def circle(self, info: Info) -> CircleNode | None:
        row = await info.context.loaders.get(CircleByIdLoader).load(self.circle_id)
        return CircleNode.from_model(row) if row is not None else None

    @strawberry.field(description="The catalog route it runs on.")
    async def route(self, info: Info) -> RouteNode | None:
        row = await info.context.loaders.get(RouteByIdLoader).load(self.route_id)
        return RouteNode.from_model(row) if row is not None else None

    @strawberry.field(
        description="Members designated as organizers, co-organizers and crew (the circle's "
        "owners and moderators may run it too)."
    )
    async def organizers(self, info: Info) -> list[EventOrganizerType]:
        rows = await info.context.loaders.get(OrganizersByEventLoader).load(self.event_id)
        return [EventOrganizerType(role=row.role, member_id=row.member_id) for row in rows]

    @strawberry.field(description="The viewer's latest registration, null when none.")
    async def viewer_registration(self, info: Info) -> RegistrationNode | None:
        viewer = await info.context.viewer()
        if viewer is None:
            return None
        row = await info.context.loaders.get(ViewerRegistrationLoader).load(
            (viewer.id, self.event_id)
        )
        return RegistrationNode.from_model(row) if row is not None else None

    @strawberry.field(
        description="What keeps the viewer from signing up now (with any vehicle of theirs); "
        "empty when they may. Null for anonymous viewers."
    )
    async def viewer_unmet_requirements(self, info: Info) -> list[UnmetRequirement] | None:
        viewer = await info.context.viewer()
        if viewer is None:
            return None
        unmet = await info.context.loaders.get(UnmetRequirementsLoader).load(
            (viewer.id, self.event_id)
        )
        locale = info.context.locale
        return [
            UnmetRequirement(
                code=u.code,
                requirement=u.requirement,
                message=translate(u.message_key or u.code.value, locale, **u.detail),
            )
            for u in unmet
        ]

    @strawberry.field(description="Feedback aggregate (organizers; null for others).")
    async def feedback_summary(self, info: Info) -> FeedbackSummaryType | None:
        return await guarded_fields.feedback_summary(info, self.event_id)

    @strawberry.field(
        description="Signed up → confirmed → checked in → completed → feedback (organizers)."
    )
    async def funnel(self, info: Info) -> EventFunnelType | None:
        return await guarded_fields.funnel(info, self.event_id)

    @strawberry.field(description="Assistance requests, open first (organizers and crew).")
    async def assistance_requests(self, info: Info) -> list[AssistanceRequestNode] | None:
        return await guarded_fields.assistance_requests(info, self.event_id)

    @strawberry.field(description="Crew response times (organizers and crew).")
    async def assistance_summary(self, info: Info) -> AssistanceSummaryType | None:
        return await guarded_fields.assistance_summary(info, self.event_id)

    @strawberry.field(
        description="Registrations in sign-up order (organizers and crew; null for others)."
    )
    async def registrations(
        self,
        info: Info,
        filter: Annotated[
            RegistrationFilterInput | None,
            strawberry.argument(
                description="Narrow the list (by status); every registration when omitted."
            ),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[RegistrationNode] | None:
        status = filter.status if filter is not None else None
        found = await guarded_fields.registrations(info, self.event_id, status, page(first, after))
        return to_connection(found, RegistrationNode.from_model) if found is not None else None


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
    async def event(self, info: Info) -> EventNode | None:
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
