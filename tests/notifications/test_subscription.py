"""The ``notifications`` subscription over graphql-transport-ws."""

from __future__ import annotations

import asyncio
from typing import Any

from strawberry.relay import to_base64

import runtime
from services import live
from services.notifications import notify
from tests.factories import make_member
from tests.notifications.support import (
    WAIT,
    close_code,
    connection_init,
    start,
    wait_for_subscribers,
    websocket,
)

NOTIFICATIONS = "subscription { notifications { id kind payload read createdAt } }"


async def test_subscriber_receives_a_notification_sent_after_subscribing(app: Any) -> None:
    # given
    alice = await make_member("alice")
    async with asyncio.timeout(4 * WAIT), websocket(app) as ws:
        ack = await connection_init(ws, {"authorization": f"Bearer {alice.token}"})
        assert ack == {"type": "connection_ack", "payload": {"member": "alice"}}
        await start(ws, "1", NOTIFICATIONS)
        await wait_for_subscribers(live.member_topic(alice.member.id))
        # when
        row = await notify(alice.member.id, "BADGE_AWARDED", {"badge": "first-trail"})
        message = await ws.receive_json(timeout=WAIT)
    # then
    assert row is not None
    assert message == {
        "id": "1",
        "type": "next",
        "payload": {
            "data": {
                "notifications": {
                    "id": to_base64("Notification", row.id),
                    "kind": "BADGE_AWARDED",
                    "payload": {"badge": "first-trail"},
                    "read": False,
                    "createdAt": row.created_at.isoformat(),
                }
            }
        },
    }


async def test_subscriber_does_not_receive_other_members_notifications(app: Any) -> None:
    # given
    alice = await make_member("alice")
    bob = await make_member("bob")
    async with asyncio.timeout(4 * WAIT), websocket(app) as ws:
        await connection_init(ws, {"authorization": alice.token})
        await start(ws, "1", NOTIFICATIONS)
        await wait_for_subscribers(live.member_topic(alice.member.id))
        # when
        await notify(bob.member.id, "FOR_BOB")
        await notify(alice.member.id, "FOR_ALICE")
        message = await ws.receive_json(timeout=WAIT)
    # then
    assert message["payload"]["data"]["notifications"]["kind"] == "FOR_ALICE"


async def test_connection_without_token_is_closed_with_4403_and_no_ack(app: Any) -> None:
    async with asyncio.timeout(4 * WAIT), websocket(app) as ws:
        # when
        await ws.send_json({"type": "connection_init", "payload": {}})
        code, received = await close_code(ws)
    # then
    assert code == 4403
    assert received == []


async def test_connection_with_bad_token_is_closed_with_4403_and_no_ack(app: Any) -> None:
    async with asyncio.timeout(4 * WAIT), websocket(app) as ws:
        # when
        await ws.send_json(
            {"type": "connection_init", "payload": {"authorization": "Bearer not-a-token"}}
        )
        code, received = await close_code(ws)
    # then
    assert code == 4403
    assert received == []


async def test_subscribe_before_connection_init_is_refused(app: Any) -> None:
    alice = await make_member("alice")
    async with asyncio.timeout(4 * WAIT), websocket(app) as ws:
        # when
        await start(ws, "1", NOTIFICATIONS)
        code, received = await close_code(ws)
    # then
    assert code == 4401
    assert received == []
    [(_, subscribers)] = await runtime.redis().pubsub_numsub(live.member_topic(alice.member.id))
    assert subscribers == 0


async def test_legacy_graphql_ws_protocol_is_refused(app: Any) -> None:
    alice = await make_member("alice")
    async with asyncio.timeout(4 * WAIT), websocket(app, subprotocols=["graphql-ws"]) as ws:
        # when
        await ws.send_json({"type": "connection_init", "payload": {"authorization": alice.token}})
        code, received = await close_code(ws)
    # then
    assert ws.subprotocol is None
    assert code == 4406
    assert received == []
