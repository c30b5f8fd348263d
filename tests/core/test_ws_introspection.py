"""The WebSocket serves subscriptions only: queries (introspection included) and mutations are
refused before execution there, in every mode, so the HTTP rate and cost limits cannot be
sidestepped and production's introspection switch holds on both paths."""

from __future__ import annotations

from typing import Any

import pytest

import runtime
from tests.core.apps import settings_like
from tests.factories import make_member
from tests.notifications.support import WAIT, connection_init, start, websocket

INTROSPECTION = "query { __schema { queryType { name } } }"
QUERY = "query { viewer { member { handle } } }"
MUTATION = 'mutation { signOut(input: {refreshToken: "x"}) { errors { code } } }'


async def _over_ws(app: Any, token: str, document: str) -> dict[str, Any]:
    async with websocket(app) as ws:
        ack = await connection_init(ws, {"authorization": f"Bearer {token}"})
        assert ack["type"] == "connection_ack"
        await start(ws, "1", document)
        return await ws.receive_json(timeout=WAIT)


@pytest.mark.parametrize("mode", ["development", "production"])
@pytest.mark.parametrize("document", [INTROSPECTION, QUERY, MUTATION])
async def test_only_subscriptions_run_over_websocket(
    app: Any, settings: Any, mode: str, document: str
) -> None:
    # given
    viewer = await make_member("wsviewer")
    saved = runtime.current()
    runtime.configure(settings_like(settings, mode=mode), saved.redis)
    # when
    try:
        reply = await _over_ws(app, viewer.token, document)
    finally:
        runtime.configure(saved.settings, saved.redis)
    # then
    assert reply["type"] == "error"
    assert {e["extensions"]["code"] for e in reply["payload"]} <= {
        "GRAPHQL_VALIDATION_FAILED", "INTROSPECTION_DISABLED",
    }  # fmt: skip
    assert any("subscriptions" in e["message"].lower() for e in reply["payload"])
