"""ASGI application factory and lifespan."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import structlog
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from tortoise import Tortoise

import runtime
from api import ide
from api.event_roster import roster_endpoint
from api.graphql_http import GraphQLEndpoint
from api.graphql_request import header_locale
from api.middleware import BodySizeLimitMiddleware, RequestIdMiddleware
from api.subscriptions import SubscriptionApp
from runtime import metrics
from runtime.config import Settings, get_settings
from runtime.database import tortoise_config
from runtime.logs import configure_logging
from runtime.redis_client import connect, resolve_redis_url
from schema import build_schema
from schema.core.context import Context
from schema.loaders import Loaders
from schema.shared import SHARED_FIELDS

log = structlog.get_logger("convoy.app")


def create_app(settings: Settings | None = None, *, manage_orm: bool = True) -> Starlette:
    """Build the app. ``manage_orm=False`` lets a second app in the same process (tests that
    simulate two API processes) share the ORM the first one initialised."""
    settings = settings or get_settings()
    configure_logging(json_logs=settings.json_logs)
    schema = build_schema()

    async def context_factory(
        request: Any, claims: Any = None, *, request_id: str = "", locale: str = ""
    ) -> Context:
        return Context(
            request=request,
            settings=settings,
            request_id=request_id or request.state.request_id,
            loaders=Loaders(),
            claims=claims,
            header_locale=locale or header_locale(request.headers.get("accept-language")),
        )

    endpoint = GraphQLEndpoint(schema, settings, context_factory, SHARED_FIELDS)
    subscriptions = SubscriptionApp(schema, settings, context_factory)

    async def graphql_http(request: Request) -> Response:
        if request.method == "GET" and ide.wants_html(request):
            if not settings.ide:
                return PlainTextResponse("The GraphQL IDE is disabled", status_code=404)
            return ide.page()
        return await endpoint(request)

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

    async def metrics_endpoint(request: Request) -> Response:
        # Stale gauges beat a failed scrape when the database is slow or down.
        with contextlib.suppress(Exception):
            await asyncio.wait_for(metrics.refresh_outbox_gauges(), 2)
        return Response(metrics.render(), media_type="text/plain; version=0.0.4")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        redis = connect(resolve_redis_url(settings))
        app.state.redis = redis
        endpoint.rate_limiter.bind(redis)
        runtime.configure(settings, redis)
        if manage_orm:
            await Tortoise.init(
                config=tortoise_config(settings.database_url), _enable_global_fallback=True
            )
        background: list[asyncio.Task[None]] = []
        try:
            if manage_orm:
                from services.loyalty.seed import seed_defaults

                await seed_defaults()  # default tiers and earning rules, inserted once
            if settings.load_demo_data:
                from fixtures.loader import load_demo_data

                await load_demo_data()
            if settings.embedded_workers:
                from jobs.embedded import start_embedded_workers

                background = await start_embedded_workers()
            log.info("convoy.started", mode=settings.mode)
            yield
        finally:
            for task in background:
                task.cancel()
            for task in background:
                with contextlib.suppress(BaseException):
                    await task
            await endpoint.close()
            await subscriptions.close()
            if manage_orm:
                await Tortoise.close_connections()
            await redis.aclose()

    routes = [
        Route("/graphql", endpoint.__call__, methods=["POST"]),
        Route("/graphql", graphql_http, methods=["GET", "PUT", "DELETE", "PATCH"]),
        WebSocketRoute("/graphql", subscriptions),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics_endpoint),
        Route(
            "/events/{event_id}/roster.csv",
            roster_endpoint(settings, endpoint.rate_limiter),
            methods=["GET"],
        ),
        Mount("/ide-assets", StaticFiles(directory=ide.ASSETS_DIR, check_dir=False)),
    ]
    return Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(RequestIdMiddleware),
            Middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes),
        ],
    )
