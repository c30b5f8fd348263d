"""The "member home" screen (profile, tier, balance, badges, circles, next events) in one
query costs the same number of SQL statements for 3 items per list as for 12 (DESIGN §5)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from services.loyalty.seed import seed_defaults
from tests.factories import (
    SignedIn,
    award_badge,
    fund,
    make_badge,
    make_circle,
    make_event,
    make_member,
    make_membership,
    make_registration,
)
from tests.sqlcount import count_sql

HOME = """
query Home($n: Int) {
  viewer {
    member { handle displayName avatarUrl city }
    points { balance held }
    tier { current { key nameZh } nextTier { key threshold } }
    badges(first: $n) {
      edges { node { occurrence awardedAt badge { key nameZh tier iconUrl rarity } } }
    }
    circles(first: $n) { edges { node { role circle { name memberCount } } } }
    registrations(status: CONFIRMED, first: $n) {
      edges { node { status event { title startsAt meetingCity seatsLeft } } }
    }
  }
}"""


async def _home_of(size: int) -> SignedIn:
    """A member with ``size`` badges, circles and confirmed registrations, and points."""
    member = await make_member(f"home{size}")
    await fund(member.member.id, 500)
    now = datetime.now(UTC)
    for n in range(size):
        badge = await make_badge(
            f"home-{size}-{n}", {"type": "events_completed", "count": n + 1}, name_zh=f"徽章{n}"
        )
        await award_badge(member, badge, awarded_at=now)
        circle = await make_circle()
        await make_membership(circle, member)
        event = await make_event(circle, starts_at=now + timedelta(days=n + 2))
        await make_registration(event, member)
    return member


async def _statements(gql: Any, member: SignedIn, size: int) -> int:
    async with count_sql() as sql:
        data = await gql.data(HOME, {"n": size}, token=member.token)
    viewer = data["viewer"]
    lists = [viewer[name]["edges"] for name in ("badges", "circles", "registrations")]
    assert [len(items) for items in lists] == [size] * 3
    return sql.count


async def test_member_home_runs_the_same_statements_for_3_and_12_items(gql: Any) -> None:
    # given
    await seed_defaults()
    few, many = await _home_of(3), await _home_of(12)
    # when
    small = await _statements(gql, few, 3)
    large = await _statements(gql, many, 12)
    # then
    assert small == large
