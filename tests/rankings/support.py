"""The rankings tests' clock (a fixed Wednesday and moments in earlier periods), scores
entered at those moments through the services that own them, and reads of whole boards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from models.events import Registration
from models.members import Member
from models.rankings import Metric, Period, Scope
from services.rankings import boards
from tests import factories

#: Wednesday 12:00 in Shanghai: week 2026-W47, month 2026-11, season 2026Q4.
NOW = datetime(2026, 11, 18, 4, 0, tzinfo=UTC)
#: The Monday before (same month, previous week).
LAST_WEEK = NOW - timedelta(days=9)
#: October (same season, previous month).
LAST_MONTH = datetime(2026, 10, 5, 4, 0, tzinfo=UTC)
#: August (previous season, all time only).
LAST_SEASON = datetime(2026, 8, 1, 4, 0, tzinfo=UTC)

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
    await factories.fund(member.id, amount, reason="BADGE_AWARDED", now=at)


async def contribute(member: Member, amount: int, at: datetime = NOW) -> None:
    await factories.contribute(member.id, amount, now=at)


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
