"""Two API processes on one Redis: a notification produced by one reaches a client of the other.

Both apps run in this test process, so they share ``runtime``; each has its own live
hub with its own Redis connection, and the producer publishes through the first app's Redis
client, so the only path from producer to subscriber is Redis pub/sub.
"""

from __future__ import annotations

import asyncio
from typing import Any

from asgi_lifespan import LifespanManager

import runtime
from api.app import create_app
from runtime.config import Settings
from services import live
from services.notifications import notify
from tests.factories import make_member
from tests.notifications.support import (
    WAIT,
    connection_init,
    hub_of,
    start,
    wait_for_subscribers,
    websocket,
)

NOTIFICATIONS = "subscription { notifications { kind payload } }"


async def test_client_of_second_app_receives_notification_produced_by_first(
    app: Any, settings: Settings
) -> None:
    # given: a second API process with a WebSocket client subscribed on it
    alice = await make_member("alice")
    first_runtime = runtime.current()
    topic = live.member_topic(alice.member.id)
    second = create_app(settings, manage_orm=False)
    try:
        async with (
            asyncio.timeout(6 * WAIT),
            LifespanManager(second) as manager,
            websocket(manager.app) as ws,
        ):
            runtime.configure(first_runtime.settings, first_runtime.redis)
            await connection_init(ws, {"authorization": alice.token})
            await start(ws, "1", NOTIFICATIONS)
            await wait_for_subscribers(topic, count=1)
            assert hub_of(second).topics == [topic]
            # when: the first process sends a notification
            await notify(alice.member.id, "ORDER_SHIPPED", {"order": 7})
            message = await ws.receive_json(timeout=WAIT)
    finally:
        runtime.configure(first_runtime.settings, first_runtime.redis)
    # then
    assert message["payload"]["data"]["notifications"] == {
        "kind": "ORDER_SHIPPED",
        "payload": {"order": 7},
    }
