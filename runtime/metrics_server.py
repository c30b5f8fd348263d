"""A small HTTP listener serving ``/metrics`` from a job process (``convoy worker``,
``convoy scheduler``), which has no web server of its own."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
from collections.abc import AsyncIterator, Awaitable, Callable

import structlog

from runtime import metrics

log = structlog.get_logger("convoy.metrics")

#: A request line and headers larger than this are refused.
MAX_HEAD_BYTES = 16 * 1024
READ_TIMEOUT_SECONDS = 5.0


def authorized(authorization: str | None, token: str | None, *, open_without: bool) -> bool:
    """Whether a scrape may read the metrics: with a token set, ``Bearer <token>`` only
    (compared in constant time); without one, as ``open_without`` says."""
    if not token:
        return open_without
    scheme, _, given = (authorization or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)


@contextlib.asynccontextmanager
async def metrics_listener(
    host: str,
    port: int | None,
    *,
    token: str | None,
    open_without: bool,
    refresh: Callable[[], Awaitable[None]] | None = None,
) -> AsyncIterator[asyncio.Server | None]:
    """Serve ``GET /metrics`` on ``host:port`` while the block runs (nothing when ``port`` is
    None). ``refresh`` runs before each scrape (at most 2 s; stale gauges beat a failed
    scrape)."""
    if port is None:
        yield None
        return

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            async with asyncio.timeout(READ_TIMEOUT_SECONDS):
                head = await reader.readuntil(b"\r\n\r\n")
            status, body = await _respond(head, token, open_without, refresh)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            status, body = "400 Bad Request", b"bad request\n"
        except ConnectionError:
            writer.close()
            return
        content_type = "text/plain; version=0.0.4" if status.startswith("200") else "text/plain"
        writer.write(
            f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        with contextlib.suppress(ConnectionError):
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, host, port, limit=MAX_HEAD_BYTES)
    log.info("metrics.listening", host=host, port=port)
    try:
        yield server
    finally:
        server.close()
        with contextlib.suppress(Exception):
            await server.wait_closed()


async def _respond(
    head: bytes,
    token: str | None,
    open_without: bool,
    refresh: Callable[[], Awaitable[None]] | None,
) -> tuple[str, bytes]:
    lines = head.decode("latin-1").split("\r\n")
    method, _, rest = lines[0].partition(" ")
    path = rest.split(" ", 1)[0].split("?", 1)[0]
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if path != "/metrics":
        return "404 Not Found", b"not found\n"
    if method not in ("GET", "HEAD"):
        return "405 Method Not Allowed", b"GET only\n"
    if not authorized(headers.get("authorization"), token, open_without=open_without):
        return "401 Unauthorized", b"a bearer token is required\n"
    if refresh is not None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(refresh(), 2)
    return "200 OK", metrics.render()
