"""Builders for the tests of event operations (check-in, completion, feedback, crew support):
registrations in a given state, fees held through the real ledger, a staff actor."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.expressions import F

from models.events import SEATED, Event, Registration, RegistrationStatus
from models.members import Member
from services.loyalty import ledger
from tests.events.support import make_event, make_vehicle
from tests.factories import SignedIn, make_member


@dataclass(frozen=True)
class Acting:
    """A member acting outside a request (``schema.core.context.Viewer`` look-alike)."""

    id: int
    roles: list[str] = field(default_factory=list)


def acting(member: SignedIn | Member, *roles: str) -> Acting:
    target = member.member if isinstance(member, SignedIn) else member
    return Acting(target.id, list(roles))


async def give_points(member: SignedIn, points: int) -> None:
    await ledger.earn(
        member.member.id, "PURCHASE", amount=points, idempotency_key=f"test-gift:{member.member.id}"
    )


async def make_registration(
    event: Event,
    member: SignedIn | None = None,
    *,
    status: RegistrationStatus = RegistrationStatus.CONFIRMED,
    fee: bool = False,
    passengers: int = 1,
    drivetrain: str = "4WD",
    **overrides: Any,
) -> tuple[SignedIn, Registration]:
    """A registration of ``member`` (a new one when omitted) with a vehicle; a seated status
    takes a seat, and with ``fee`` the event's fee is held through the ledger as sign-up does."""
    member = member or await make_member()
    vehicle = await make_vehicle(member, drivetrain)
    now = datetime.now(UTC)
    registration = await Registration.create(
        event_id=event.id,
        member_id=member.member.id,
        vehicle_id=vehicle.id,
        passengers=passengers,
        status=status,
        checkin_nonce=secrets.token_urlsafe(12),
        confirmed_at=now if status in SEATED else None,
        checked_in_at=now if status == RegistrationStatus.CHECKED_IN else None,
        **overrides,
    )
    if status in SEATED:
        await Event.filter(id=event.id).update(seats_taken=F("seats_taken") + 1)
    if status == RegistrationStatus.WAITLISTED:
        await Event.filter(id=event.id).update(
            waitlist_length=F("waitlist_length") + 1, waitlist_seq=F("waitlist_seq") + 1
        )
        seq = (await Event.get(id=event.id)).waitlist_seq
        await Registration.filter(id=registration.id).update(waitlist_seq=seq)
    if fee and event.fee_points:
        await give_points(member, event.fee_points * 2)
        key = f"event-fee:{registration.id}"
        await ledger.hold(
            member.member.id, event.fee_points, reason="EVENT_FEE", idempotency_key=key
        )
        registration.fee_hold_key = key
        await registration.save(update_fields=["fee_hold_key"])
    return member, registration


async def started_event(organizer: SignedIn, **overrides: Any) -> Event:
    """A PUBLISHED event that started an hour ago and ends in seven hours."""
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "organizer": organizer,
        "starts_at": now - timedelta(hours=1),
        "signup_opens_at": now - timedelta(days=10),
        "signup_closes_at": now - timedelta(days=1),
        "cancel_deadline": now - timedelta(days=2),
    }
    values.update(overrides)
    return await make_event(**values)


async def event_starting_in(delay: timedelta, **overrides: Any) -> Event:
    """A PUBLISHED event starting ``delay`` from now whose sign-up ran until its start."""
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "starts_at": now + delay,
        "signup_opens_at": now - timedelta(days=10),
        "signup_closes_at": now + delay,
        "cancel_deadline": now + delay,
    }
    values.update(overrides)
    return await make_event(**values)
