"""Each metric, scope and period scores the right entries, the same from Redis and from the
database fallback."""

from __future__ import annotations

from datetime import datetime

import pytest

from models.members import Member
from models.rankings import Metric, Period, Scope
from services.rankings import boards
from services.rankings.rebuild import rebuild_all
from tests.factories import complete_event, make_circle, make_member
from tests.rankings.support import (
    LAST_MONTH,
    LAST_SEASON,
    LAST_WEEK,
    NOW,
    contribute,
    earn_points,
    scores,
)

#: Amounts entered in each period: this week, last week, last month, last season.
WHEN: list[datetime] = [NOW, LAST_WEEK, LAST_MONTH, LAST_SEASON]


async def _enter(metric: Metric, member: Member, times: int, at: datetime) -> None:
    """Give ``member`` ``times`` units of ``metric`` at ``at`` (units of 10 points/contribution
    or single event completions)."""
    for _ in range(times):
        if metric == Metric.POINTS_EARNED:
            await earn_points(member, 10, at)
        elif metric == Metric.CONTRIBUTION:
            await contribute(member, 10, at)
        else:
            await complete_event(member, at=at, record=False)


def _unit(metric: Metric) -> int:
    return 1 if metric == Metric.EVENTS_COMPLETED else 10


@pytest.mark.parametrize("metric", list(Metric))
@pytest.mark.parametrize("served_from", ["redis", "database"])
async def test_each_metric_scope_and_period_counts_its_entries(
    metric: Metric, served_from: str
) -> None:
    # given: alice (北京, in the circle) and bob (上海) with entries spread over the periods
    alice = (await make_member("alice", city="北京")).member
    bob = (await make_member("bob", city="上海")).member
    gone = (await make_member("gone", city="北京")).member
    circle = await make_circle(alice, gone)
    for at, (for_alice, for_bob) in zip(WHEN, [(1, 2), (1, 0), (1, 0), (1, 5)], strict=True):
        await _enter(metric, alice, for_alice, at)
        if for_bob:
            await _enter(metric, bob, for_bob, at)
    await _enter(metric, gone, 9, NOW)
    await Member.filter(id=gone.id).update(deleted_at=NOW)
    # when
    if served_from == "redis":
        await rebuild_all(now=NOW)
    unit = _unit(metric)
    page = await boards.top(metric, Scope.GLOBAL, "", Period.WEEK, now=NOW)
    assert page.served_from == served_from
    # then: alice's 4 units split over the periods, bob's 2 this week and 5 last season
    assert await scores(metric, Scope.GLOBAL, "", Period.WEEK) == [
        (bob.id, 2 * unit, 1), (alice.id, unit, 2),
    ]  # fmt: skip
    assert await scores(metric, Scope.GLOBAL, "", Period.MONTH) == [
        (alice.id, 2 * unit, 1), (bob.id, 2 * unit, 1),
    ]  # fmt: skip
    assert await scores(metric, Scope.GLOBAL, "", Period.SEASON) == [
        (alice.id, 3 * unit, 1), (bob.id, 2 * unit, 2),
    ]  # fmt: skip
    assert await scores(metric, Scope.GLOBAL, "", Period.ALL_TIME) == [
        (bob.id, 7 * unit, 1), (alice.id, 4 * unit, 2),
    ]  # fmt: skip
    assert await scores(metric, Scope.CITY, "北京", Period.SEASON) == [(alice.id, 3 * unit, 1)]
    assert await scores(metric, Scope.CITY, "上海", Period.WEEK) == [(bob.id, 2 * unit, 1)]
    assert await scores(metric, Scope.CIRCLE, str(circle.id), Period.ALL_TIME) == [
        (alice.id, 4 * unit, 1)
    ]
