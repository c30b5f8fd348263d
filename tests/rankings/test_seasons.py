"""Closing a season: final ranks frozen once, the top of each GLOBAL and CITY board paid once,
whatever the number of concurrent or repeated closers; failed awards retried by the next run,
refused ones counted."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from models.loyalty import EarningRule, LedgerEntry
from models.members import Member
from models.rankings import LeaderboardSnapshot, Period, SeasonClose, SeasonCloseStatus
from services.loyalty import ledger
from services.rankings.seasons import close_previous_season, close_season
from tests.factories import make_member
from tests.rankings.support import LAST_SEASON, NOW, earn_points


async def _season_awards() -> list[tuple[int, int]]:
    rows = await LedgerEntry.filter(reason="SEASON_AWARD").order_by("member_id", "amount")
    return [(row.member_id, row.amount) for row in rows]


async def test_two_concurrent_closers_close_the_season_once() -> None:
    # given: Q3 scores; b and c tie for 2nd, d is 3rd globally and 1st in 上海
    a = (await make_member("a", city="北京")).member
    b = (await make_member("b", city="北京")).member
    c = (await make_member("c", city="北京")).member
    d = (await make_member("d", city="上海")).member
    e = (await make_member("e", city="北京")).member
    for member, points in ((a, 300), (b, 200), (c, 200), (d, 100), (e, 50)):
        await earn_points(member, points, LAST_SEASON)
    # when: two closers at once, then a retry
    results = await asyncio.gather(close_season("2026Q3", now=NOW), close_season("2026Q3", now=NOW))
    retry = await close_previous_season(now=NOW + timedelta(days=1))
    # then: one closed it, the other and the retry did nothing
    assert sorted(result["closed"] for result in results) == [False, True]
    assert retry == {"season": "2026Q3", "closed": False, "reason": "already closed or closing"}
    assert (await SeasonClose.get(season_key="2026Q3")).status == SeasonCloseStatus.CLOSED
    # and: dense ranks 1, 2, 2, 3 globally, 1, 2, 2, 3 in 北京, 1 in 上海, each paid once
    assert await _season_awards() == sorted(
        [(a.id, 1000), (b.id, 600), (c.id, 600), (d.id, 300)]
        + [(a.id, 1000), (b.id, 600), (c.id, 600), (e.id, 300)]
        + [(d.id, 1000)]
    )
    finals = await LeaderboardSnapshot.filter(
        final=True, period=Period.SEASON, period_key="2026Q3", metric="POINTS_EARNED",
        scope="GLOBAL",
    ).order_by("rank", "member_id")  # fmt: skip
    assert [(row.member_id, row.rank, row.score) for row in finals] == [
        (a.id, 1, 300), (b.id, 2, 200), (c.id, 2, 200), (d.id, 3, 100), (e.id, 4, 50),
    ]  # fmt: skip


async def test_a_closer_that_died_is_taken_over_without_paying_twice() -> None:
    # given: a claim left CLOSING by a closer that paid a and died
    a = (await make_member("a")).member
    b = (await make_member("b")).member
    await earn_points(a, 30, LAST_SEASON)
    await earn_points(b, 20, LAST_SEASON)
    first = await close_season("2026Q3", now=NOW)
    assert first["closed"] is True
    await SeasonClose.filter(season_key="2026Q3").update(
        status=SeasonCloseStatus.CLOSING, claimed_at=NOW - timedelta(hours=1)
    )
    # when: the daily job runs again after the lease
    again = await close_season("2026Q3", now=NOW)
    # then: it closed the season again, but nobody is paid twice
    assert again["closed"] is True and again["awards"] == 0
    assert await _season_awards() == sorted([(a.id, 1000), (b.id, 600)] * 2)  # GLOBAL, 北京


async def test_a_season_not_over_is_not_closed() -> None:
    # when
    result = await close_season("2026Q4", now=NOW)
    # then
    assert result == {"season": "2026Q4", "closed": False, "reason": "not over"}
    assert not await SeasonClose.exists()


async def test_a_failed_award_leaves_the_season_closing_and_the_next_run_pays_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: Q3 scores of a and b (both 北京), and a ledger that fails b's first two awards
    a = (await make_member("a")).member
    b = (await make_member("b")).member
    await earn_points(a, 30, LAST_SEASON)
    await earn_points(b, 20, LAST_SEASON)
    real_earn, failures = ledger.earn, [2]

    async def flaky_earn(member_id: int, *args: Any, **kwargs: Any) -> Any:
        if member_id == b.id and failures[0] > 0:
            failures[0] -= 1
            raise ConnectionResetError("connection lost")
        return await real_earn(member_id, *args, **kwargs)

    monkeypatch.setattr(ledger, "earn", flaky_earn)
    # when: the job runs, then again the next day
    first = await close_previous_season(now=NOW)
    state = await SeasonClose.get(season_key="2026Q3")
    paid_first = await _season_awards()
    again = await close_previous_season(now=NOW + timedelta(days=1))
    # then: the first run paid a, kept the season CLOSING and said so
    assert (first["closed"], first["reason"], first["awards"], first["failed"]) == (
        False, "awards pending", 2, 2,
    )  # fmt: skip
    assert state.status == SeasonCloseStatus.CLOSING
    assert paid_first == [(a.id, 1000), (a.id, 1000)]
    # and: the next run paid b's two awards only, and closed the season
    assert (again["closed"], again["awards"], again["failed"]) == (True, 2, 0)
    assert await _season_awards() == sorted([(a.id, 1000), (b.id, 600)] * 2)
    assert (await SeasonClose.get(season_key="2026Q3")).status == SeasonCloseStatus.CLOSED


async def test_a_refused_award_is_counted_and_the_season_closed() -> None:
    # given: Q3 scores, and the SEASON_AWARD earning rule switched off
    a = (await make_member("a")).member
    await earn_points(a, 30, LAST_SEASON)
    await EarningRule.filter(reason="SEASON_AWARD").update(enabled=False)
    # when
    result = await close_season("2026Q3", now=NOW)
    # then: both awards (GLOBAL, 北京) refused, counted, and the season closed anyway
    assert (result["closed"], result["awards"], result["refused"], result["failed"]) == (
        True, 0, 2, 0,
    )  # fmt: skip
    closing = await SeasonClose.get(season_key="2026Q3")
    assert closing.status == SeasonCloseStatus.CLOSED
    assert closing.summary is not None and closing.summary["refused"] == 2
    assert await _season_awards() == []


async def test_a_takeover_pays_from_the_ranks_first_frozen() -> None:
    # given: a season closed with a 1st in 北京 and b 1st in 上海, then left CLOSING by a closer
    # that died (the claim row as an older closer left it: no frozen marker)
    a = (await make_member("a", city="北京")).member
    b = (await make_member("b", city="上海")).member
    await earn_points(a, 300, LAST_SEASON)
    await earn_points(b, 100, LAST_SEASON)
    await close_season("2026Q3", now=NOW)
    frozen = await _finals()
    await SeasonClose.filter(season_key="2026Q3").update(
        status=SeasonCloseStatus.CLOSING, claimed_at=NOW - timedelta(hours=1), summary=None
    )
    # and: since then b moved to 北京 and c (北京) earned Q3 points above everyone
    await Member.filter(id=b.id).update(city="北京")
    c = (await make_member("c", city="北京")).member
    await earn_points(c, 900, LAST_SEASON)
    # when: the daily job takes the claim over
    again = await close_season("2026Q3", now=NOW + timedelta(days=1))
    # then: the final ranks are those first frozen, and nobody new is paid
    assert again["closed"] is True and again["awards"] == 0
    assert await _finals() == frozen
    assert not await LedgerEntry.filter(reason="SEASON_AWARD", member_id=c.id).exists()
    assert await _season_awards() == sorted([(a.id, 1000), (b.id, 600), (a.id, 1000),
                                             (b.id, 1000)])  # fmt: skip


async def _finals() -> list[tuple[str, str, int, int]]:
    rows = await LeaderboardSnapshot.filter(
        final=True, period=Period.SEASON, period_key="2026Q3", metric="POINTS_EARNED"
    ).order_by("scope", "scope_id", "rank", "member_id")
    return [(row.scope, row.scope_id, row.member_id, row.rank) for row in rows]
