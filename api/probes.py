"""The operators' endpoints: liveness (``/healthz``), readiness (``/readyz``) and Prometheus
metrics (``/metrics``)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from tortoise import Tortoise

from runtime import metrics
from runtime.config import Settings
from runtime.metrics_server import authorized
from services import outbox


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    checks: dict[str, str] = {}
    try:
        conn = Tortoise.get_connection("default")
        await asyncio.wait_for(conn.execute_query("SELECT 1"), 2)
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - report, do not crash the probe
        checks["database"] = f"error: {type(exc).__name__}"
    try:
        # this app's own client (``runtime`` holds the process-wide one)
        await asyncio.wait_for(request.app.state.redis.ping(), 2)
        checks["redis"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["redis"] = f"error: {type(exc).__name__}"
    ready = all(value == "ok" for value in checks.values())
    return JSONResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status_code=200 if ready else 503,
    )


def metrics_endpoint(settings: Settings) -> Callable[[Request], Awaitable[Response]]:
    """``/metrics``: with ``METRICS_TOKEN`` set, for ``Authorization: Bearer <token>`` only
    (401 otherwise); without one, open in development and absent (404) in production."""

    async def metrics_page(request: Request) -> Response:
        if settings.production and not settings.metrics_token:
            return PlainTextResponse("Not Found", status_code=404)
        if not authorized(
            request.headers.get("authorization"),
            settings.metrics_token,
            open_without=settings.metrics_open,
        ):
            return PlainTextResponse(
                "a bearer token is required",
                status_code=401,
                headers={"www-authenticate": "Bearer"},
            )
        # Stale gauges beat a failed scrape when the database is slow or down.
        with contextlib.suppress(Exception):
            await asyncio.wait_for(outbox.refresh_backlog_gauges(), 2)
        return Response(metrics.render(), media_type="text/plain; version=0.0.4")

    return metrics_page
