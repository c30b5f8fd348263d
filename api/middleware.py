"""Pure-ASGI middleware: request ids with one access log line per request, and the request
body size cap."""

from __future__ import annotations

import itertools
import json
import os
import re
import time
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
#: Paths probed every few seconds by orchestrators: not worth a log line each.
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})

log = structlog.get_logger("convoy.http")


class RequestIdMiddleware:
    """Takes a sane ``X-Request-ID`` from the client or makes one, echoes it back, binds it to
    the log context and, when the response is done, writes the request's access log line:
    request id, method, path, status, duration, plus what the endpoint added to
    ``scope["state"]["log"]`` (the GraphQL endpoint adds operation, viewer, cost and error
    code). Every route pays for the same line, so endpoint benchmarks compare endpoints."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # unique across processes and restarts without a system call per request
        self._prefix = os.urandom(6).hex()
        self._counter = itertools.count(1)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        supplied = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        if _VALID_ID.match(supplied):
            request_id = supplied
        else:
            request_id = f"{self._prefix}{next(self._counter):08x}"
        fields: dict[str, Any] = {}
        # a state of this request's own: some servers hand every request the same lifespan
        # state dict rather than a copy
        scope["state"] = {**scope.get("state", {}), "request_id": request_id, "log": fields}
        structlog.contextvars.bind_contextvars(request_id=request_id)
        status = 500
        header = (b"x-request-id", request_id.encode())

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            structlog.contextvars.unbind_contextvars("request_id")
            if scope["type"] == "http" and scope["path"] not in QUIET_PATHS:
                log.info(
                    "http.request",
                    request_id=request_id,
                    method=scope["method"],
                    path=scope["path"],
                    status=status,
                    duration_ms=round((time.perf_counter() - started) * 1000, 3),
                    **fields,
                )


class BodySizeLimitMiddleware:
    """Refuses bodies over ``max_bytes`` with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await self._reject(send, headers)
            return
        received = 0
        too_large = False

        async def limited_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    too_large = True
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except BodyTooLarge:
            await self._reject(send, headers)

    async def _reject(self, send: Send, headers: dict[bytes, bytes]) -> None:
        body = json.dumps(
            {
                "errors": [
                    {
                        "message": f"Request body exceeds {self.max_bytes} bytes",
                        "extensions": {"code": "PAYLOAD_TOO_LARGE"},
                    }
                ]
            }
        ).encode()
        accept = headers.get(b"accept", b"")
        content_type = (
            b"application/graphql-response+json; charset=utf-8"
            if b"application/graphql-response+json" in accept
            else b"application/json"
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", content_type), (b"connection", b"close")],
            }
        )
        await send({"type": "http.response.body", "body": body})


class BodyTooLarge(Exception):
    """Raised from ``receive`` once the body passes the cap; the middleware answers 413."""
