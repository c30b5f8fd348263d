"""eventUpdates: live seat counts reach a subscriber on another API process through Redis."""

from __future__ import annotations

import asyncio
from typing import Any

from asgi_lifespan import LifespanManager

import runtime
from api.app import create_app
from models.events import EventStatus
from runtime.config import Settings
from services.events.live import event_topic
from tests.events.support import gid, sign_up
from tests.factories import driver, make_event
from tests.notifications.support import (
    WAIT,
    connection_init,
    start,
    wait_for_subscribers,
    websocket,
)

UPDATES = """
subscription Updates($id: ID!) {
  eventUpdates(eventId: $id) { seatsTaken capacity waitlistLength status event { id title } }
}"""


async def subscribe(ws: Any, event_id: int) -> None:
    await ws.send_json({
        "id": "1", "type": "subscribe",
        "payload": {"query": UPDATES, "variables": {"id": gid("Event", event_id)}},
    })  # fmt: skip


async def test_sign_up_on_one_process_reaches_a_subscriber_on_another(
    app: Any, gql: Any, settings: Settings
) -> None:
    # given: a subscriber on a second API process
    event = await make_event(capacity=1)
    first, first_car = await driver("first")
    second, second_car = await driver("second")
    watcher = await driver("watcher")
    first_runtime = runtime.current()
    other = create_app(settings, manage_orm=False)
    try:
        async with (
            asyncio.timeout(6 * WAIT),
            LifespanManager(other) as manager,
            websocket(manager.app) as ws,
        ):
            runtime.configure(first_runtime.settings, first_runtime.redis)
            await connection_init(ws, {"authorization": watcher[0].token})
            await subscribe(ws, event.id)
            await wait_for_subscribers(event_topic(event.id), count=1)
            # when: two sign-ups through the first process (seat, then waitlist)
            await sign_up(gql, first, event, first_car)
            await sign_up(gql, second, event, second_car)
            messages = [await ws.receive_json(timeout=WAIT) for _ in range(2)]
    finally:
        runtime.configure(first_runtime.settings, first_runtime.redis)
    # then
    updates = [m["payload"]["data"]["eventUpdates"] for m in messages]
    assert [(u["seatsTaken"], u["waitlistLength"]) for u in updates] == [(1, 0), (1, 1)]
    assert {(u["capacity"], u["status"]) for u in updates} == {(1, "PUBLISHED")}
    assert updates[0]["event"] == {"id": gid("Event", event.id), "title": event.title}


async def test_subscribing_to_an_unknown_event_fails(app: Any) -> None:
    # given
    member, _ = await driver()
    async with asyncio.timeout(3 * WAIT), websocket(app) as ws:
        await connection_init(ws, {"authorization": member.token})
        # when
        await start(
            ws, "1", 'subscription { eventUpdates(eventId: "RXZlbnQ6OTk5OTk5") { status } }'
        )
        reply = await ws.receive_json(timeout=WAIT)
    # then
    assert reply["type"] in {"error", "next"}
    errors = reply["payload"] if reply["type"] == "error" else reply["payload"]["errors"]
    assert [error["extensions"]["code"] for error in errors] == ["NOT_FOUND"]


async def test_a_draft_event_streams_to_its_organizers_only(app: Any) -> None:
    # given: a draft, its organizer and another member
    organizer, _ = await driver("organizer")
    outsider, _ = await driver("outsider")
    event = await make_event(status=EventStatus.DRAFT, organizer=organizer.member)
    query = f'subscription {{ eventUpdates(eventId: "{gid("Event", event.id)}") {{ status }} }}'
    # when
    async with asyncio.timeout(3 * WAIT), websocket(app) as ws:
        await connection_init(ws, {"authorization": outsider.token})
        await start(ws, "1", query)
        refused = await ws.receive_json(timeout=WAIT)
    async with asyncio.timeout(3 * WAIT), websocket(app) as ws:
        await connection_init(ws, {"authorization": organizer.token})
        await start(ws, "1", query)
        await wait_for_subscribers(event_topic(event.id), count=1)
    # then: the outsider is told the event does not exist, the organizer is subscribed
    errors = refused["payload"] if refused["type"] == "error" else refused["payload"]["errors"]
    assert [error["extensions"]["code"] for error in errors] == ["NOT_FOUND"]
