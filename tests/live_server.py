"""The app served by a real uvicorn server on a loopback port, and a graphql-transport-ws
client over a real socket (``websockets``), for tests where the HTTP/WebSocket stack itself
is what could go wrong."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import uvicorn
from websockets.asyncio.client import ClientConnection, connect

PROTOCOL = "graphql-transport-ws"
#: Seconds any single wait may take before the test fails instead of hanging.
WAIT = 5.0


@contextlib.asynccontextmanager
async def serving(app: Any) -> AsyncIterator[str]:
    """``host:port`` of a uvicorn server running ``app`` (whose lifespan already ran) in this
    event loop, so it shares the test's database and Redis."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="off", log_config=None)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(WAIT):
            while not server.started:
                if task.done():
                    task.result()
                await asyncio.sleep(0.01)
        host, port = server.servers[0].sockets[0].getsockname()[:2]
        yield f"{host}:{port}"
    finally:
        server.should_exit = True
        await task


@contextlib.asynccontextmanager
async def graphql_ws(address: str, token: str) -> AsyncIterator[ClientConnection]:
    """A socket past ``connection_init`` / ``connection_ack``."""
    async with connect(f"ws://{address}/graphql", subprotocols=[PROTOCOL]) as ws:  # type: ignore[list-item]
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
        )
        ack = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
        assert ack["type"] == "connection_ack", ack
        yield ws


async def subscribe(ws: ClientConnection, operation_id: str, query: str) -> None:
    await ws.send(
        json.dumps({"id": operation_id, "type": "subscribe", "payload": {"query": query}})
    )


async def receive(ws: ClientConnection, within: float = WAIT) -> dict[str, Any]:
    """The next message, failing after ``within`` seconds."""
    return json.loads(await asyncio.wait_for(ws.recv(), within))
