"""Movement compares the live rank with the latest daily snapshot; snapshots stay bounded."""

from __future__ import annotations

from datetime import timedelta

import runtime
from models.rankings import LeaderboardSnapshot, Metric, Period, Scope
from services.rankings import boards
from services.rankings.rebuild import rebuild_all
from services.rankings.snapshots import take_snapshot
from tests.factories import make_member
from tests.rankings.support import NOW, earn_points

BOARD = (Metric.POINTS_EARNED, Scope.GLOBAL, "", Period.MONTH)


async def _movements() -> dict[int, int | None]:
    page = await boards.top(*BOARD, now=NOW)
    return {entry.member_id: entry.movement for entry in page.entries}


async def test_movement_is_measured_against_the_latest_of_two_snapshots() -> None:
    # given: alice 1st, bob 2nd at the first snapshot
    alice = (await make_member("alice")).member
    bob = (await make_member("bob")).member
    carol = (await make_member("carol")).member
    await earn_points(alice, 100)
    await earn_points(bob, 50)
    await take_snapshot(now=NOW - timedelta(days=1))
    # and: bob overtakes alice before the second snapshot
    await earn_points(bob, 100)
    await take_snapshot(now=NOW)
    # when: carol arrives above both, then the boards are rebuilt
    await earn_points(carol, 500)
    await rebuild_all(now=NOW)
    # then: moves since the second snapshot (bob 1 -> 2, alice 2 -> 3), carol is new
    assert await _movements() == {carol.id: None, bob.id: -1, alice.id: -1}


async def test_movement_is_zero_right_after_a_snapshot() -> None:
    # given
    alice = (await make_member("alice")).member
    bob = (await make_member("bob")).member
    await earn_points(alice, 10)
    await earn_points(bob, 20)
    await take_snapshot(now=NOW - timedelta(days=1))
    # when
    await earn_points(alice, 20)
    await take_snapshot(now=NOW)
    # then: the live board is what the latest snapshot holds (read from the database here)
    assert await _movements() == {alice.id: 0, bob.id: 0}


async def test_only_the_last_runs_are_kept() -> None:
    # given
    alice = (await make_member("alice")).member
    await earn_points(alice, 10)
    kept = runtime.settings().leaderboard_snapshots_kept
    # when: more daily snapshots than are kept
    for day in range(kept + 3):
        await take_snapshot(now=NOW - timedelta(days=kept + 3 - day))
    # then
    taken = (
        await LeaderboardSnapshot.filter(final=False).distinct().values_list("taken_at", flat=True)
    )
    assert len(set(taken)) == kept
