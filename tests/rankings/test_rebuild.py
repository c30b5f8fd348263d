"""The full rebuild swaps each board in whole: readers polling during a rebuild see the old
or the complete new board, and a rebuild failing half way leaves the old boards served."""

from __future__ import annotations

import asyncio

import pytest

import runtime
from jobs.catalog import load_jobs
from models.rankings import Metric, Period, Scope
from services.rankings.rebuild import rebuild_all
from tests.factories import make_member, make_members
from tests.rankings.support import NOW, earn_points, scores

BOARD = (Metric.POINTS_EARNED, Scope.GLOBAL, "", Period.WEEK)


async def _board() -> list[tuple[int, int, int]]:
    return await scores(*BOARD)


async def test_readers_during_a_rebuild_see_the_old_or_the_whole_new_board() -> None:
    # given: 60 members on the served board, then everyone's score changes
    racers = await make_members(60, "racer")
    for n, racer in enumerate(racers):
        await earn_points(racer, 10 + n)
    await rebuild_all(now=NOW)
    old = await _board()
    for n, racer in enumerate(racers):
        await earn_points(racer, 1000 - 7 * n)
    building = asyncio.Event()
    done = False
    seen: list[list[tuple[int, int, int]]] = []

    async def reader() -> None:
        while not done:
            board = await _board()
            if building.is_set():
                seen.append(board)
            await asyncio.sleep(0)

    # when: the rebuild writes the board 5 rows at a time while readers poll
    readers = [asyncio.create_task(reader()) for _ in range(4)]
    try:
        await rebuild_all(now=NOW, chunk=5, progress=lambda rows, total: building.set())
    finally:
        done = True
        await asyncio.gather(*readers)
    new = await _board()
    # then: the boards differ, readers ran during the rebuild and saw only whole boards
    assert new != old and len(new) == len(old) == 60
    assert len(seen) > 10
    assert all(board in (old, new) for board in seen)


async def test_a_rebuild_failing_half_way_leaves_the_previous_boards_served() -> None:
    # given: a served board, then new scores
    racers = await make_members(30, "racer")
    for n, racer in enumerate(racers):
        await earn_points(racer, 10 + n)
    await rebuild_all(now=NOW)
    old = await _board()
    for racer in racers:
        await earn_points(racer, 500)
    calls = 0

    def crash(rows: int, total: int | None) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("worker lost")

    # when: the rebuild dies after writing 10 of the first board's 30 rows
    with pytest.raises(RuntimeError):
        await rebuild_all(now=NOW, chunk=5, progress=crash)
    # then: the old board is served, no temporary key is left, and the next rebuild runs
    assert await _board() == old
    leftovers = [key async for key in runtime.redis().scan_iter(match="*|tmp:*")]
    assert leftovers == []
    summary = await rebuild_all(now=NOW)
    assert summary["boards"] > 0
    assert [score for _, score, _ in await _board()] == sorted(
        (10 + n + 500 for n in range(30)), reverse=True
    )


async def test_a_second_rebuild_while_one_runs_is_skipped() -> None:
    # given
    racers = await make_members(20, "racer")
    for racer in racers:
        await earn_points(racer, 10)
    started = asyncio.Event()
    # when: a second rebuild starts while the first holds the lock
    first = asyncio.create_task(
        rebuild_all(now=NOW, chunk=1, progress=lambda rows, total: started.set())
    )
    await started.wait()
    second = await rebuild_all(now=NOW)
    summary = await first
    # then
    assert second == {"skipped": "a rebuild is already running"}
    assert summary["boards"] > 0
    assert len(await _board()) == 20


async def test_the_scheduled_jobs_rebuild_and_apply() -> None:
    # given
    jobs = load_jobs()
    alice = (await make_member("alice")).member
    await earn_points(alice, 10)
    # when: the rebuild job, a new entry, the applier job
    rebuilt = await jobs["rankings.rebuild"].func(progress=None)
    await earn_points(alice, 5)
    applied = await jobs["rankings.apply_entries"].func()
    # then
    assert rebuilt["boards"] > 0
    assert applied["points"]["entries"] == 1
    assert await scores(Metric.POINTS_EARNED, Scope.GLOBAL, "", Period.ALL_TIME) == [
        (alice.id, 15, 1)
    ]
