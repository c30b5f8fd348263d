"""Builders of the rankings tests: scores entered through the services that own them, circles
and completed registrations written directly (their own rules are tested in their domains)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from models.circles import Circle, CircleKind, Membership, MembershipRole, MembershipStatus
from models.events import Event, EventStatus, Registration, RegistrationStatus
from models.members import Member
from models.rankings import Metric, Period, Scope
from models.routes import Route, Terrain
from services.loyalty import ledger
from services.loyalty.contribution import add_contribution
from services.rankings import boards

#: Wednesday 12:00 in Shanghai: week 2026-W47, month 2026-11, season 2026Q4.
NOW = datetime(2026, 11, 18, 4, 0, tzinfo=UTC)
#: The Monday before (same month, previous week).
LAST_WEEK = NOW - timedelta(days=9)
#: October (same season, previous month).
LAST_MONTH = datetime(2026, 10, 5, 4, 0, tzinfo=UTC)
#: August (previous season, all time only).
LAST_SEASON = datetime(2026, 8, 1, 4, 0, tzinfo=UTC)

_sequence = itertools.count(1)

ERRORS = "errors { code field message }"
LEADERBOARD = """
query Board($metric: LeaderboardMetric!, $scope: LeaderboardScope!, $scopeId: String,
            $period: LeaderboardPeriod!, $first: Int, $after: String) {
  leaderboard(metric: $metric, scope: $scope, scopeId: $scopeId, period: $period,
              first: $first, after: $after) {
    periodKey
    edges { cursor rank score movement member { handle } }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def earn_points(member: Member, amount: int, at: datetime = NOW) -> None:
    """Points earned under a rule without tier multiplier, so the score is ``amount``."""
    await ledger.earn(
        member.id, "BADGE_AWARDED", amount=amount, idempotency_key=f"t:{next(_sequence)}", now=at
    )


async def contribute(member: Member, amount: int, at: datetime = NOW) -> None:
    await add_contribution(
        member.id, amount, reason="ROUTE_ACCEPTED", idempotency_key=f"t:{next(_sequence)}",
        now=at,
    )  # fmt: skip


async def make_circle(*members: Member, city: str = "北京") -> Circle:
    """A circle whose ``members`` are ACTIVE (the first one founded it)."""
    n = next(_sequence)
    circle = await Circle.create(
        slug=f"rank-circle-{n}", name=f"排行圈{n}", kind=CircleKind.INTEREST, city=city,
        founder_id=members[0].id if members else None, member_count=len(members),
    )  # fmt: skip
    for index, member in enumerate(members):
        await join(circle, member, role=MembershipRole.OWNER if index == 0 else None)
    return circle


async def join(circle: Circle, member: Member, *, role: Any = None, active: bool = True) -> None:
    await Membership.create(
        circle=circle, member_id=member.id, role=role or MembershipRole.MEMBER,
        status=MembershipStatus.ACTIVE if active else MembershipStatus.PENDING,
        joined_at=NOW,
    )  # fmt: skip


async def complete_event(member: Member, at: datetime = NOW) -> Registration:
    """A COMPLETED registration of ``member`` for a new event (no outbox event: the tests
    apply completions themselves)."""
    n = next(_sequence)
    route = await Route.create(
        name=f"路线{n}", name_en=f"Route {n}", region="内蒙古", terrain=Terrain.DESERT,
        difficulty=3, distance_km=80.0,
    )  # fmt: skip
    circle = await make_circle()
    start = at - timedelta(hours=8)
    event = await Event.create(
        circle_id=circle.id, route_id=route.id, title=f"活动{n}", status=EventStatus.COMPLETED,
        starts_at=start, ends_at=at, meeting_city="阿拉善", capacity=10,
        signup_opens_at=start - timedelta(days=5), signup_closes_at=start - timedelta(days=1),
        cancel_deadline=start - timedelta(days=2), completed_at=at,
    )  # fmt: skip
    return await Registration.create(
        event_id=event.id, member_id=member.id, status=RegistrationStatus.COMPLETED,
        checkin_nonce=f"n{n}", completed_at=at,
    )  # fmt: skip


def completion_payload(registration: Registration) -> dict[str, Any]:
    assert registration.completed_at is not None
    return {
        "member_id": registration.member_id,
        "registration_id": registration.id,
        "event_id": registration.event_id,
        "completed_at": registration.completed_at.isoformat(),
    }


async def scores(
    metric: Metric, scope: Scope, scope_id: str, period: Period, *, now: datetime = NOW
) -> list[tuple[int, int, int]]:
    """(member id, score, rank) of the whole board, as served."""
    page = await boards.top(metric, scope, scope_id, period, first=100, now=now)
    return [(entry.member_id, entry.score, entry.rank) for entry in page.entries]
