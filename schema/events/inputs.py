"""Inputs and payloads of the event mutations."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.core.errors import UserError
from schema.events.types import EventNode, OrganizerRoleEnum, RegistrationNode
from schema.members.vehicles import DrivetrainEnum


@strawberry.input(description="A new event (created as a DRAFT; publish it to open sign-up).")
class CreateEventInput:
    circle_id: strawberry.ID = strawberry.field(description="The circle holding it.")
    route_id: strawberry.ID = strawberry.field(description="The catalog route it runs on.")
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
    min_tier: str | None = strawberry.field(
        default=None, description="Lowest tier key allowed (SILVER, GOLD, DIAMOND)."
    )
    required_badges: list[str] | None = strawberry.field(
        default=None, description="Keys of badges a member must hold (up to 10)."
    )
    required_drivetrain: DrivetrainEnum | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Least capable drivetrain a vehicle needs."
    )
    inspection_within_days: int | None = strawberry.field(
        default=None, description="Require a passed dealer inspection this recent (1-365 d)."
    )


@strawberry.input(description="Changes to an event; fields left null stay as they are.")
class UpdateEventInput:
    event_id: strawberry.ID = strawberry.field(description="The event.")
    route_id: strawberry.ID | None = strawberry.field(default=None, description="New route.")
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
    min_tier: str | None = strawberry.field(default=None, description="New minimum tier.")
    required_badges: list[str] | None = strawberry.field(default=None, description="New badges.")
    required_drivetrain: DrivetrainEnum | None = strawberry.field(  # type: ignore[valid-type]
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
    event_id: strawberry.ID = strawberry.field(description="The event.")


@strawberry.input(description="Cancel an event.")
class CancelEventInput:
    event_id: strawberry.ID = strawberry.field(description="The event.")
    reason: str = strawberry.field(default="", description="Why, told to registrants.")


@strawberry.input(description="Designate a member on an event.")
class SetEventOrganizerInput:
    event_id: strawberry.ID = strawberry.field(description="The event.")
    member_id: strawberry.ID = strawberry.field(description="The member.")
    role: OrganizerRoleEnum = strawberry.field(description="What they will do.")  # type: ignore[valid-type]


@strawberry.input(description="Take a member off an event's organizers and crew.")
class RemoveEventOrganizerInput:
    event_id: strawberry.ID = strawberry.field(description="The event.")
    member_id: strawberry.ID = strawberry.field(description="The member.")


@strawberry.input(description="Sign up for an event with one of your vehicles.")
class SignUpForEventInput:
    event_id: strawberry.ID = strawberry.field(description="The event.")
    vehicle_id: strawberry.ID = strawberry.field(description="A vehicle of your garage.")
    passengers: int = strawberry.field(default=0, description="Passengers besides you (0-8).")
    idempotency_key: str = strawberry.field(
        description="Client key: a retry with it returns the first result."
    )


@strawberry.input(description="Names a registration.")
class RegistrationInput:
    registration_id: strawberry.ID = strawberry.field(description="The registration.")


@strawberry.type(description="Result of a change to an event.")
class EventPayload:
    event: EventNode | None = strawberry.field(default=None, description="The event now.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="Failures.")


@strawberry.type(description="Result of a change to a registration.")
class RegistrationPayload:
    registration: RegistrationNode | None = strawberry.field(
        default=None, description="The registration now (its event has the live counts)."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="Failures.")
