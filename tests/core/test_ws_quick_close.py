"""A subscription whose socket closes at once ends with it: its Redis subscription is freed
and nothing is logged as an error, however many sockets come and go."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
from websockets.asyncio.client import connect

import runtime
from models.rankings import Metric, Period, Scope
from services import live
from services.rankings import boards
from tests.factories import make_member
from tests.live_server import PROTOCOL, WAIT, serving

UPDATES = """
subscription { leaderboardUpdates(metric: POINTS_EARNED, scope: GLOBAL, period: WEEK) {
  edges { rank score } } }"""
NOTIFICATIONS = "subscription { notificationAdded { id } }"
CYCLES = 40


async def _open_and_drop(address: str, token: str, query: str, linger: float) -> None:
    async with connect(f"ws://{address}/graphql", subprotocols=[PROTOCOL]) as ws:  # type: ignore[list-item]
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
        )
        await ws.recv()
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        if linger:
            await asyncio.sleep(linger)


def _operations_running() -> list[asyncio.Task[Any]]:
    return [
        task
        for task in asyncio.all_tasks()
        if getattr(task.get_coro(), "__qualname__", "").endswith("run_operation")
    ]


async def _numsub(channel: str) -> int:
    [(_, count)] = await runtime.redis().pubsub_numsub(channel)
    return int(count)


async def test_sockets_closed_right_after_subscribing_free_everything(
    app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # given
    member = await make_member("quick")
    board = await boards.resolve_board(Metric.POINTS_EARNED, Scope.GLOBAL, "", Period.WEEK)
    channel = live.topic(*board.topic_parts)
    caplog.set_level(logging.WARNING)
    # when: many sockets subscribe and close within a few milliseconds, some at once
    async with serving(app) as address:
        for cycle in range(CYCLES):
            linger = (cycle % 6) * 0.001  # 0 to 5 ms
            await asyncio.gather(
                _open_and_drop(address, member.token, UPDATES, linger),
                _open_and_drop(address, member.token, NOTIFICATIONS, linger),
            )
        # then: every subscription ended, in the hub and in Redis
        async with asyncio.timeout(WAIT):
            while True:
                # no operation task lives on past its socket, nor its Redis subscription
                if not _operations_running() and await _numsub(channel) == 0:
                    break
                await asyncio.sleep(0.02)
    assert await runtime.redis().pubsub_numpat() == 0
    assert await _numsub(live.member_topic(member.member.id)) == 0
    noisy = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert noisy == [], [record.getMessage() for record in noisy]
