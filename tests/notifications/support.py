"""A graphql-transport-ws client over the ASGI app, and waits on Redis pub/sub state."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
from httpx_ws import AsyncWebSocketSession, WebSocketDisconnect, aconnect_ws
from httpx_ws.transport import ASGIWebSocketTransport
from starlette.routing import WebSocketRoute

import runtime
from api.subscriptions import SubscriptionApp
from services import live

PROTOCOL = "graphql-transport-ws"
#: Seconds any single wait in these tests may take before the test fails instead of hanging.
WAIT = 5.0


@contextlib.asynccontextmanager
async def websocket(
    app: Any, *, subprotocols: list[str] | None = None
) -> AsyncIterator[AsyncWebSocketSession]:
    transport = ASGIWebSocketTransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://convoy.test") as client,
        aconnect_ws(
            "http://convoy.test/graphql",
            client,
            subprotocols=[PROTOCOL] if subprotocols is None else subprotocols,
        ) as ws,
    ):
        yield ws


async def connection_init(ws: AsyncWebSocketSession, payload: dict[str, Any]) -> dict[str, Any]:
    await ws.send_json({"type": "connection_init", "payload": payload})
    return await ws.receive_json(timeout=WAIT)


async def start(ws: AsyncWebSocketSession, operation_id: str, query: str) -> None:
    await ws.send_json({"id": operation_id, "type": "subscribe", "payload": {"query": query}})


async def close_code(ws: AsyncWebSocketSession) -> tuple[int, list[dict[str, Any]]]:
    """Wait for the server to close the socket: the close code and what came before it."""
    received: list[dict[str, Any]] = []
    while True:
        try:
            received.append(await ws.receive_json(timeout=WAIT))
        except WebSocketDisconnect as closed:
            return closed.code, received


async def wait_for_subscribers(channel: str, count: int = 1) -> None:
    """Until Redis reports ``count`` pub/sub connections on ``channel``."""
    async with asyncio.timeout(WAIT):
        while True:
            [(_, subscribers)] = await runtime.redis().pubsub_numsub(channel)
            if subscribers == count:
                return
            await asyncio.sleep(0.01)


def hub_of(app: Any) -> live.LiveHub:
    """The live hub of an app built by ``create_app``."""
    for route in app.routes:
        if isinstance(route, WebSocketRoute) and isinstance(route.app, SubscriptionApp):
            return route.app.hub
    raise LookupError("the app has no subscription endpoint")
