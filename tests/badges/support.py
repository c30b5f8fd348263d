"""Builders shared by the badge tests: badges, routes and completed events made directly in
the database (with the outbox event the events domain records on completion), and the steps
that deliver outbox events to their consumers and run the badge job."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from jobs.consumers import CONSUMERS
from models.badges import Badge, BadgeGroup, BadgeTier
from models.circles import Circle, CircleKind
from models.events import Event, EventStatus, Registration, RegistrationStatus
from models.members import Member
from models.outbox import OutboxEvent
from models.routes import Route, Terrain
from services import outbox
from services.jobs.consume import Outcome, apply_event
from tests.factories import SignedIn, make_member

_sequence = itertools.count(1)

ERRORS = "errors { code field message }"


def member_of(who: SignedIn | Member) -> Member:
    return who.member if isinstance(who, SignedIn) else who


async def make_badge(key: str, criterion: dict[str, Any], **fields: Any) -> Badge:
    """An enabled one-time bronze badge with ``criterion`` (no version history: engine tests)."""
    values: dict[str, Any] = {
        "key": key,
        "name_zh": f"徽章{key}",
        "name_en": f"Badge {key}",
        "group": BadgeGroup.EVENTS,
        "tier": BadgeTier.BRONZE,
        "enabled": True,
        "criterion": criterion,
    }
    values.update(fields)
    return await Badge.create(**values)


async def make_route(**overrides: Any) -> Route:
    n = next(_sequence)
    values: dict[str, Any] = {
        "name": f"测试路线{n}",
        "region": "内蒙古",
        "terrain": Terrain.DESERT,
        "difficulty": 2,
        "distance_km": 100.0,
    }
    values.update(overrides)
    return await Route.create(**values)


async def make_circle() -> Circle:
    n = next(_sequence)
    return await Circle.create(slug=f"badge-circle-{n}", name=f"徽章圈{n}", kind=CircleKind.CITY)


async def complete_event(
    who: SignedIn | Member,
    route: Route,
    *,
    at: datetime | None = None,
    circle: Circle | None = None,
    record: bool = True,
) -> Registration:
    """A finished event on ``route`` with ``who``'s registration COMPLETED at ``at`` (now by
    default), and the ``event.registration_completed`` outbox event unless ``record`` is
    False."""
    member = member_of(who)
    at = at or datetime.now(UTC)
    circle = circle or await make_circle()
    starts = at - timedelta(hours=8)
    event = await Event.create(
        circle_id=circle.id, route_id=route.id, title=f"活动{next(_sequence)}",
        status=EventStatus.COMPLETED, starts_at=starts, ends_at=at, meeting_city="阿拉善",
        capacity=20, signup_opens_at=starts - timedelta(days=10),
        signup_closes_at=starts - timedelta(days=1), cancel_deadline=starts - timedelta(days=2),
        completed_at=at,
    )  # fmt: skip
    registration = await Registration.create(
        event_id=event.id, member_id=member.id, status=RegistrationStatus.COMPLETED,
        checkin_nonce=f"n{next(_sequence)}", completed_at=at,
    )  # fmt: skip
    if record:
        await outbox.record(
            "event.registration_completed",
            {
                "member_id": member.id, "event_id": event.id, "registration_id": registration.id,
                "route_id": route.id, "difficulty": route.difficulty,
                "terrain": route.terrain.value, "circle_id": circle.id,
                "completed_at": at.isoformat(),
            },
        )  # fmt: skip
    return registration


async def deliver_outbox() -> list[Outcome]:
    """Apply every outbox event not applied yet, in order, as a worker would."""
    pending = (
        await OutboxEvent.filter(processed_at=None).order_by("id").values_list("id", flat=True)
    )
    return [await apply_event(int(event_id), CONSUMERS) for event_id in pending]


async def deliver_and_run() -> dict[str, Any]:
    """Deliver the outbox, then run the per-minute badge job (requested sweeps, delta,
    settlement) once, as a worker and the scheduler would."""
    from jobs import badges as badge_jobs

    await deliver_outbox()
    return await badge_jobs.delta()


async def members(count: int, prefix: str) -> list[Member]:
    return [(await make_member(f"{prefix}{n}")).member for n in range(count)]


async def make_admin(handle: str = "admin") -> Any:
    """An admin as services see an actor (``schema.core.context.Viewer``), with its token."""
    from schema.core.context import Viewer

    signed = await make_member(handle, roles=["admin"])
    viewer = Viewer(account=signed.account, member=signed.member)
    viewer.token = signed.token  # type: ignore[attr-defined]
    return viewer


async def holders(badge: Badge) -> list[tuple[str, int]]:
    """(handle, occurrence) of every award of ``badge``, by handle and occurrence."""
    rows = await badge.awards.all().prefetch_related("member")
    return sorted((row.member.handle, row.occurrence) for row in rows)
