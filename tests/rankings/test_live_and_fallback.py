"""Live top-10 updates over graphql-transport-ws, and reads that survive Redis being down."""

from __future__ import annotations

import asyncio
from typing import Any

from strawberry.relay import to_base64

import runtime
from models.rankings import Metric, Period, Scope
from runtime.redis_client import connect
from services import live
from services.core import clock
from services.rankings import boards
from services.rankings.incremental import apply_completion, apply_new_entries
from services.rankings.rebuild import rebuild_all
from tests.factories import complete_event, make_circle, make_member
from tests.notifications.support import (
    WAIT,
    connection_init,
    start,
    wait_for_subscribers,
    websocket,
)
from tests.rankings.support import NOW, completion_payload, earn_points

UPDATES = """
subscription { leaderboardUpdates(metric: POINTS_EARNED, scope: GLOBAL, period: WEEK) {
  periodKey edges { rank score member { handle } } } }"""


def _top(message: dict[str, Any]) -> list[tuple[str, int, int]]:
    edges = message["payload"]["data"]["leaderboardUpdates"]["edges"]
    return [(e["member"]["handle"], e["score"], e["rank"]) for e in edges]


async def test_a_subscriber_receives_the_top_10_when_it_changes(app: Any) -> None:
    # given: alice ahead of bob on the served board
    alice = await make_member("alice")
    bob = await make_member("bob")
    await earn_points(alice.member, 30, at=clock.now())
    await earn_points(bob.member, 20, at=clock.now())
    await rebuild_all()
    board = await boards.resolve_board(Metric.POINTS_EARNED, Scope.GLOBAL, "", Period.WEEK)
    async with asyncio.timeout(4 * WAIT), websocket(app) as ws:
        await connection_init(ws, {"authorization": f"Bearer {alice.token}"})
        await start(ws, "1", UPDATES)
        first = await ws.receive_json(timeout=WAIT)
        await wait_for_subscribers(live.topic(*board.topic_parts))
        # when: bob's new points are applied
        await earn_points(bob.member, 25, at=clock.now())
        await apply_new_entries(Metric.POINTS_EARNED)
        second = await ws.receive_json(timeout=WAIT)
    # then: the board as it was, then as it is
    assert _top(first) == [("alice", 30, 1), ("bob", 20, 2)]
    assert _top(second) == [("bob", 45, 1), ("alice", 30, 2)]


async def test_a_circle_board_is_subscribed_to_by_the_circles_global_id(app: Any) -> None:
    # given
    alice = await make_member("alice")
    circle = await make_circle(alice.member)
    await earn_points(alice.member, 30, at=clock.now())
    await rebuild_all()
    document = UPDATES.replace(
        "scope: GLOBAL", f'scope: CIRCLE, scopeId: "{to_base64("Circle", circle.id)}"'
    )
    # when
    async with asyncio.timeout(4 * WAIT), websocket(app) as ws:
        await connection_init(ws, {"authorization": f"Bearer {alice.token}"})
        await start(ws, "1", document)
        first = await ws.receive_json(timeout=WAIT)
    # then
    assert _top(first) == [("alice", 30, 1)]


async def test_reads_fall_back_to_the_database_when_redis_is_unreachable() -> None:
    # given: served boards, then Redis goes away (a client of a closed port)
    alice = (await make_member("alice")).member
    bob = (await make_member("bob")).member
    await earn_points(alice, 10)
    await earn_points(bob, 10)
    await rebuild_all(now=NOW)
    served = runtime.current()
    down = connect("redis://127.0.0.1:9/0")
    runtime.configure(served.settings, down)
    try:
        # when: members read the board and their rank, a completion and entries land
        page = await boards.top(Metric.POINTS_EARNED, Scope.GLOBAL, "", Period.WEEK, now=NOW)
        mine = await boards.standing(
            Metric.POINTS_EARNED, Scope.GLOBAL, "", Period.WEEK, bob.id, now=NOW
        )
        counted = await apply_completion(
            completion_payload(await complete_event(alice, at=NOW, record=False))
        )
    finally:
        runtime.configure(served.settings, served.redis)
        await down.aclose()
    # then: the same board, computed from the database
    assert page.served_from == "database"
    assert [(e.member_id, e.score, e.rank) for e in page.entries] == [
        (alice.id, 10, 1), (bob.id, 10, 1),
    ]  # fmt: skip
    assert mine is not None and (mine.rank, mine.score) == (1, 10)
    assert counted == 0
