"""Builders shared by the events tests: routes, circles, events and vehicles made directly in
the database, so each test spends its requests on the behaviour it is about."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from strawberry.relay import from_base64, to_base64

from models.circles import Circle, CircleKind, Membership, MembershipRole, MembershipStatus
from models.events import Event, EventOrganizer, EventStatus, OrganizerRole
from models.members import Drivetrain, Member, Vehicle, VehicleModel
from models.routes import Route, Terrain
from services.loyalty import ledger
from tests.factories import SignedIn, make_member

_sequence = itertools.count(1)

ERRORS = "errors { code field message }"


def gid(type_name: str, key: int) -> str:
    return to_base64(type_name, key)


def pk(global_id: str) -> int:
    return int(from_base64(global_id)[1])


def codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["errors"]]


def _member(member: SignedIn | Member) -> Member:
    return member.member if isinstance(member, SignedIn) else member


async def make_route(**overrides: Any) -> Route:
    """A catalog route (a gentle desert route unless overridden)."""
    n = next(_sequence)
    values: dict[str, Any] = {
        "name": f"腾格里穿越{n}",
        "name_en": f"Tengger crossing {n}",
        "region": "内蒙古阿拉善",
        "terrain": Terrain.DESERT,
        "difficulty": 2,
        "distance_km": 120.0,
    }
    values.update(overrides)
    return await Route.create(**values)


async def make_circle(owner: SignedIn | Member | None = None, **overrides: Any) -> Circle:
    """An OPEN city circle, with ``owner`` (a new member when omitted) as its ACTIVE OWNER."""
    n = next(_sequence)
    founder = _member(owner) if owner is not None else (await make_member(f"founder{n}")).member
    values: dict[str, Any] = {
        "slug": f"events-circle-{n}",
        "name": f"越野圈{n}",
        "kind": CircleKind.CITY,
        "city": "北京",
        "founder_id": founder.id,
        "member_count": 1,
    }
    values.update(overrides)
    circle = await Circle.create(**values)
    await Membership.create(
        circle=circle,
        member_id=founder.id,
        role=MembershipRole.OWNER,
        status=MembershipStatus.ACTIVE,
        joined_at=datetime.now(UTC),
    )
    return circle


async def make_event(circle: Circle | None = None, **overrides: Any) -> Event:
    """A PUBLISHED free event for 20 vehicles whose sign-up opened an hour ago; it starts in 10
    days (Asia/Shanghai) and closes sign-up a day before. ``circle`` and ``route`` are made when
    omitted; ``organizer`` (a member) gets an ORGANIZER row."""
    now = datetime.now(UTC)
    organizer = overrides.pop("organizer", None)
    if circle is None:
        circle = await make_circle(organizer)
    route = overrides.pop("route", None) or await make_route()
    starts_at = overrides.pop("starts_at", now + timedelta(days=10))
    values: dict[str, Any] = {
        "circle_id": circle.id,
        "route_id": route.id,
        "title": f"周末沙漠穿越 {next(_sequence)}",
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
    event = await Event.create(**values)
    if organizer is not None:
        await EventOrganizer.create(
            event=event, member_id=_member(organizer).id, role=OrganizerRole.ORGANIZER
        )
    return event


async def make_vehicle(
    member: SignedIn | Member, drivetrain: Drivetrain | str = Drivetrain.FOUR_WD, **overrides: Any
) -> Vehicle:
    """A vehicle in ``member``'s garage, of a catalog model with that drivetrain."""
    drive = Drivetrain(drivetrain)
    model, _ = await VehicleModel.get_or_create(
        key=f"test-{drive.value.lower()}",
        defaults={
            "brand": "Test",
            "brand_zh": "测试",
            "name": f"{drive.value} model",
            "name_zh": f"{drive.value} 车型",
            "drivetrain": drive,
        },
    )
    values: dict[str, Any] = {"owner_id": _member(member).id, "model": model, "year": 2024}
    values.update(overrides)
    return await Vehicle.create(**values)


REGISTRATION_FIELDS = """
    id status passengers waitlistPosition offerExpiresAt
    event { id seatsTaken seatsLeft capacity waitlistLength }
"""
SIGN_UP = f"""
mutation SignUp($input: SignUpForEventInput!) {{
  signUpForEvent(input: $input) {{ registration {{ {REGISTRATION_FIELDS} }} {ERRORS} }}
}}"""
_keys = itertools.count(1)


async def sign_up(
    gql: Any,
    member: SignedIn,
    event: Event,
    vehicle: Vehicle,
    *,
    key: str | None = None,
    passengers: int = 0,
) -> dict[str, Any]:
    """The ``signUpForEvent`` payload of ``member`` signing up with ``vehicle``."""
    variables = {
        "input": {
            "eventId": gid("Event", event.id),
            "vehicleId": gid("Vehicle", vehicle.id),
            "passengers": passengers,
            "idempotencyKey": key or f"signup-{next(_keys)}",
        }
    }
    data = await gql.data(SIGN_UP, variables, token=member.token)
    return data["signUpForEvent"]


async def driver(
    handle: str | None = None, *, points: int = 0, **vehicle: Any
) -> tuple[SignedIn, Vehicle]:
    """A member with a 4WD vehicle (unless ``drivetrain`` says otherwise) and ``points``."""
    member = await make_member(handle)
    car = await make_vehicle(member, **vehicle)
    if points:
        await fund(member.member.id, points)
    return member, car


async def fund(member_id: int, amount: int) -> None:
    """Earned points (a SEASON_AWARD, which also counts towards the tier)."""
    await ledger.earn(
        member_id, "SEASON_AWARD", amount=amount, idempotency_key=f"events-fund:{next(_keys)}"
    )
