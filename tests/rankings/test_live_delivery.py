"""A live leaderboard subscriber over a real server sees a new entry within about a second,
not at the next minute's applier run: the workers apply entries for watched boards."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from jobs.rankings import run_live_rankings
from models.rankings import Metric, Period, Scope
from services import live
from services.core import clock
from services.rankings import boards
from services.rankings.rebuild import rebuild_all
from tests.factories import make_member
from tests.live_server import graphql_ws, receive, serving, subscribe
from tests.notifications.support import wait_for_subscribers
from tests.rankings.support import earn_points

UPDATES = """
subscription { leaderboardUpdates(metric: POINTS_EARNED, scope: GLOBAL, period: WEEK) {
  edges { rank score member { handle } } } }"""
#: About a second, with room for a slow shared CI machine; the applier alone ran once a minute.
DELIVERY_BOUND_SECONDS = 3.0


def _top(message: dict[str, Any]) -> list[tuple[str, int, int]]:
    edges = message["payload"]["data"]["leaderboardUpdates"]["edges"]
    return [(e["member"]["handle"], e["score"], e["rank"]) for e in edges]


async def test_an_entry_reaches_a_live_subscriber_within_about_a_second(app: Any) -> None:
    # given: a served board, a worker's live applier, and a subscriber over a real socket
    alice = await make_member("alice")
    bob = await make_member("bob")
    await earn_points(alice.member, 30, at=clock.now())
    await earn_points(bob.member, 20, at=clock.now())
    await rebuild_all()
    board = await boards.resolve_board(Metric.POINTS_EARNED, Scope.GLOBAL, "", Period.WEEK)
    applier = asyncio.create_task(run_live_rankings())
    try:
        async with serving(app) as address, graphql_ws(address, alice.token) as ws:
            await subscribe(ws, "1", UPDATES)
            first = await receive(ws)
            await wait_for_subscribers(live.topic(*board.topic_parts))
            # when: bob earns points, and nothing else runs (no scheduler, no minute job)
            landed = time.monotonic()
            await earn_points(bob.member, 25, at=clock.now())
            second = await receive(ws, within=DELIVERY_BOUND_SECONDS)
            print(f"delivered {time.monotonic() - landed:.2f}s after the entry landed")
    finally:
        applier.cancel()
        await asyncio.gather(applier, return_exceptions=True)
    # then: the board as it was, then as it is
    assert _top(first) == [("alice", 30, 1), ("bob", 20, 2)]
    assert _top(second) == [("bob", 45, 1), ("alice", 30, 2)]
