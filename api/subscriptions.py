"""GraphQL subscriptions over WebSocket, ``graphql-transport-ws`` only.

The legacy ``graphql-ws`` protocol is refused. A client authenticates in the
``connection_init`` payload (``{"authorization": "Bearer <access token>"}``); without a valid
token the connection is closed with 4403 before any subscription starts.

Each app owns one ``LiveHub``: a single Redis pub/sub connection that every subscription served
by this process shares (``services.live``). It is bound around each WebSocket connection, so
subscription resolvers reach it through ``live.subscribe(topic)``.

A client may close its socket at any moment, even while its first result is being sent: that
ends the operation (its stream is closed, its Redis subscription freed) and is not an error.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import strawberry
import structlog
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)

from api.auth import claims_from_token
from runtime.config import Settings
from runtime.redis_client import connect, resolve_redis_url
from schema.core.context import Context
from services import live
from services.errors import DomainError

log = structlog.get_logger("convoy.live")


class TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """strawberry's graphql-transport-ws handler, except that an operation whose socket the
    client already closed ends quietly instead of logging a traceback."""

    async def handle_task_exception(self, error: Exception) -> None:
        if isinstance(error, WebSocketDisconnected):
            log.debug("live.client_gone")
            return
        await super().handle_task_exception(error)


class SubscriptionApp(GraphQL):
    graphql_transport_ws_handler_class = TransportWSHandler

    def __init__(self, schema: strawberry.Schema, settings: Settings, context_factory: Any):
        super().__init__(
            schema,
            graphql_ide=None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=10),
            max_subscriptions_per_connection=20,
        )
        self.settings = settings
        self.context_factory = context_factory
        self.hub = live.LiveHub(
            lambda: connect(resolve_redis_url(settings), client_name="convoy-live-hub"),
            anchor=lambda name: live.topic("hub", name),
        )

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        with live.use_hub(self.hub):
            await super().__call__(scope, receive, send)

    async def get_context(self, request: Any, response: Any = None) -> Context:
        state = request.scope.get("state") or {}
        return await self.context_factory(request, None, request_id=state.get("request_id", ""))

    async def on_ws_connect(self, context: Context) -> dict[str, object] | None:
        params = context.connection_params or {}
        token = params.get("authorization") or params.get("Authorization") or params.get("token")
        try:
            context.claims = claims_from_token(token, self.settings)
        except DomainError as exc:
            raise ConnectionRejectionError({"code": exc.code.value}) from exc
        viewer = await context.viewer()
        if viewer is None:
            raise ConnectionRejectionError({"code": "UNAUTHENTICATED"})
        return {"member": viewer.member.handle}

    async def close(self) -> None:
        """End the live streams and release the hub's Redis connection (app shutdown)."""
        await self.hub.close()
