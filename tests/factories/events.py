"""Builders of events and their people: events in a given phase, organizers and crew,
registrations in a given state (seats, waitlist and fees kept as sign-up keeps them), drivers,
completed events and inspections."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar, overload

from tortoise.expressions import F

from models.circles import Circle
from models.events import (
    SEATED,
    Event,
    EventOrganizer,
    EventStatus,
    Inspection,
    OrganizerRole,
    Registration,
    RegistrationStatus,
)
from models.members import Drivetrain, Member, Vehicle
from models.routes import Route
from services import outbox
from services.loyalty import ledger
from tests.factories.circles import make_circle
from tests.factories.loyalty import fund
from tests.factories.members import SignedIn, make_member, make_vehicle, member_of
from tests.factories.routes import make_route
from tests.factories.sequence import next_number

Who = TypeVar("Who", SignedIn, Member)


def event_row(circle: Circle, route: Route, **overrides: Any) -> Event:
    """An unsaved PUBLISHED free event for 20 vehicles whose sign-up opened an hour ago; it
    starts in 10 days (Asia/Shanghai), closes sign-up a day before and may be cancelled until
    two days before (those two follow ``starts_at``)."""
    now = datetime.now(UTC)
    starts_at = overrides.pop("starts_at", now + timedelta(days=10))
    values: dict[str, Any] = {
        "circle_id": circle.id,
        "route_id": route.id,
        "title": f"周末沙漠穿越 {next_number()}",
        "status": EventStatus.PUBLISHED,
        "time_zone": "Asia/Shanghai",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=8),
        "meeting_city": "阿拉善",
        "capacity": 20,
        "signup_opens_at": now - timedelta(hours=1),
        "signup_closes_at": starts_at - timedelta(days=1),
        "cancel_deadline": starts_at - timedelta(days=2),
        "fee_points": 0,
        "offer_window_hours": 48,
        "published_at": now,
    }
    values.update(overrides)
    return Event(**values)


async def make_event(
    circle: Circle | None = None,
    *,
    organizer: SignedIn | Member | None = None,
    route: Route | None = None,
    **overrides: Any,
) -> Event:
    """A saved ``event_row``. ``circle`` (founded by ``organizer``, or by a new member) and
    ``route`` are made when omitted; ``organizer`` gets an ORGANIZER row."""
    if circle is None:
        circle = await make_circle(organizer or await make_member())
    event = event_row(circle, route or await make_route(), **overrides)
    await event.save()
    if organizer is not None:
        await make_organizer(event, organizer)
    return event


async def started_event(organizer: SignedIn | Member, **overrides: Any) -> Event:
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


async def make_organizer(
    event: Event, member: SignedIn | Member, role: OrganizerRole | str = OrganizerRole.ORGANIZER
) -> EventOrganizer:
    """``member`` on ``event``'s team as ORGANIZER (or ``role``, e.g. CREW)."""
    return await EventOrganizer.create(event=event, member_id=member_of(member).id, role=role)


@overload
async def make_registration(
    event: Event,
    member: None = None,
    *,
    status: RegistrationStatus | str = ...,
    fee: bool = ...,
    passengers: int = ...,
    drivetrain: Drivetrain | str = ...,
    vehicle: Vehicle | None = ...,
    **overrides: Any,
) -> tuple[SignedIn, Registration]: ...


@overload
async def make_registration(
    event: Event,
    member: Who,
    *,
    status: RegistrationStatus | str = ...,
    fee: bool = ...,
    passengers: int = ...,
    drivetrain: Drivetrain | str = ...,
    vehicle: Vehicle | None = ...,
    **overrides: Any,
) -> tuple[Who, Registration]: ...


async def make_registration(
    event: Event,
    member: SignedIn | Member | None = None,
    *,
    status: RegistrationStatus | str = RegistrationStatus.CONFIRMED,
    fee: bool = False,
    passengers: int = 1,
    drivetrain: Drivetrain | str = Drivetrain.FOUR_WD,
    vehicle: Vehicle | None = None,
    **overrides: Any,
) -> tuple[SignedIn | Member, Registration]:
    """A registration of ``member`` (a new one when omitted) with ``vehicle`` (a new one with
    ``drivetrain`` when omitted). A seated status takes a seat, WAITLISTED joins the end of the
    waitlist, and with ``fee`` the event's fee is held through the ledger as sign-up does."""
    who = member or await make_member()
    person = member_of(who)
    status = RegistrationStatus(status)
    car = vehicle or await make_vehicle(person, drivetrain)
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "event_id": event.id,
        "member_id": person.id,
        "vehicle_id": car.id,
        "passengers": passengers,
        "status": status,
        "checkin_nonce": secrets.token_urlsafe(12),
        "confirmed_at": now if status in SEATED else None,
        "checked_in_at": now if status == RegistrationStatus.CHECKED_IN else None,
    }
    values.update(overrides)
    registration = await Registration.create(**values)
    if status in SEATED:
        await Event.filter(id=event.id).update(seats_taken=F("seats_taken") + 1)
    if status == RegistrationStatus.WAITLISTED:
        await Event.filter(id=event.id).update(
            waitlist_length=F("waitlist_length") + 1, waitlist_seq=F("waitlist_seq") + 1
        )
        seq = (await Event.get(id=event.id)).waitlist_seq
        await Registration.filter(id=registration.id).update(waitlist_seq=seq)
    if fee and event.fee_points:
        await fund(person.id, event.fee_points * 2, reason="PURCHASE")
        key = f"event-fee:{registration.id}"
        await ledger.hold(person.id, event.fee_points, reason="EVENT_FEE", idempotency_key=key)
        registration.fee_hold_key = key
        await registration.save(update_fields=["fee_hold_key"])
    return who, registration


async def driver(
    handle: str | None = None, *, points: int = 0, **vehicle: Any
) -> tuple[SignedIn, Vehicle]:
    """A member with a 4WD vehicle (unless ``drivetrain`` says otherwise) and ``points``."""
    member = await make_member(handle)
    car = await make_vehicle(member, **vehicle)
    if points:
        await fund(member.member.id, points)
    return member, car


async def complete_event(
    who: SignedIn | Member,
    route: Route | None = None,
    *,
    at: datetime | None = None,
    circle: Circle | None = None,
    record: bool = True,
) -> Registration:
    """A finished event on ``route`` (a new one when omitted) in ``circle`` (a new one without
    members when omitted) with ``who``'s registration COMPLETED at ``at`` (now by default),
    and the ``event.registration_completed`` outbox event the events domain records on
    completion unless ``record`` is False."""
    at = at or datetime.now(UTC)
    route = route or await make_route()
    circle = circle or await make_circle()
    starts = at - timedelta(hours=8)
    event = await make_event(
        circle,
        route=route,
        status=EventStatus.COMPLETED,
        starts_at=starts,
        ends_at=at,
        signup_opens_at=starts - timedelta(days=10),
        completed_at=at,
    )
    member = member_of(who)
    _, registration = await make_registration(
        event, member, status=RegistrationStatus.COMPLETED, completed_at=at
    )
    if record:
        await outbox.record(
            "event.registration_completed",
            {
                "member_id": member.id,
                "event_id": event.id,
                "registration_id": registration.id,
                "route_id": route.id,
                "difficulty": route.difficulty,
                "terrain": route.terrain.value,
                "circle_id": circle.id,
                "completed_at": at.isoformat(),
            },
        )
    return registration


async def make_inspection(vehicle: Vehicle, **overrides: Any) -> Inspection:
    """A passed pre-trip inspection of ``vehicle`` (for its owner) recorded today."""
    values: dict[str, Any] = {
        "vehicle_id": vehicle.id,
        "member_id": vehicle.owner_id,
        "passed": True,
        "inspected_on": date.today(),
    }
    values.update(overrides)
    return await Inspection.create(**values)
