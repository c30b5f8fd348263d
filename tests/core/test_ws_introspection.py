"""Production turns introspection off on the WebSocket path as well as over HTTP."""

from __future__ import annotations

from typing import Any

from services import runtime
from tests.core.apps import settings_like
from tests.factories import make_member
from tests.notifications.support import WAIT, connection_init, start, websocket

INTROSPECTION = "query { __schema { queryType { name } } }"


async def _introspect_over_ws(app: Any, token: str) -> dict[str, Any]:
    async with websocket(app) as ws:
        ack = await connection_init(ws, {"authorization": f"Bearer {token}"})
        assert ack["type"] == "connection_ack"
        await start(ws, "1", INTROSPECTION)
        return await ws.receive_json(timeout=WAIT)


async def test_introspection_over_websocket_follows_the_mode(app: Any, settings: Any) -> None:
    # given
    viewer = await make_member("wsviewer")
    saved = runtime.current()
    # when
    development = await _introspect_over_ws(app, viewer.token)
    runtime.configure(settings_like(settings, mode="production"), saved.redis)
    try:
        production = await _introspect_over_ws(app, viewer.token)
    finally:
        runtime.configure(saved.settings, saved.redis)
    # then
    assert development["type"] == "next"
    assert development["payload"]["data"]["__schema"]["queryType"]["name"] == "Query"
    assert production["type"] == "error"
    assert "introspection" in production["payload"][0]["message"].lower()
