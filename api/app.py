"""The ASGI app factory: routes, middleware, and the lifespan that opens the connections,
loads the start-up data and (embedded mode) runs the job worker and scheduler."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import structlog
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import StatelessLifespan
from tortoise import Tortoise

import runtime
from api import ide
from api.event_roster import roster_endpoint
from api.graphql_http import GraphQLEndpoint
from api.graphql_request import header_locale
from api.middleware import BodySizeLimitMiddleware, RequestIdMiddleware
from api.parts_pages import parts_routes
from api.probes import healthz, metrics_endpoint, readyz
from api.subscriptions import SubscriptionApp
from runtime.config import Settings, get_settings
from runtime.database import tortoise_config
from runtime.logs import configure_logging
from runtime.redis_client import connect, resolve_redis_url
from schema import build_schema
from schema.core.context import Context
from schema.loaders import Loaders
from schema.shared import SHARED_FIELDS
from services.loyalty.seed import seed_defaults

log = structlog.get_logger("convoy.app")

#: Builds the context of one GraphQL request or subscription.
ContextFactory = Callable[..., Awaitable[Context]]
Handler = Callable[[Request], Awaitable[Response]]


def create_app(settings: Settings | None = None, *, manage_orm: bool = True) -> Starlette:
    """Build the app. ``manage_orm=False`` lets a second app in the same process (tests that
    simulate two API processes) share the ORM the first one initialised."""
    settings = settings or get_settings()
    configure_logging(json_logs=settings.json_logs)
    schema = build_schema()
    context_factory = _context_factory(settings)
    endpoint = GraphQLEndpoint(schema, settings, context_factory, SHARED_FIELDS)
    subscriptions = SubscriptionApp(schema, settings, context_factory)
    return Starlette(
        routes=_routes(settings, endpoint, subscriptions),
        lifespan=_lifespan(settings, endpoint, subscriptions, manage_orm=manage_orm),
        middleware=_middleware(settings),
    )


def _context_factory(settings: Settings) -> ContextFactory:
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

    return context_factory


def _routes(
    settings: Settings, endpoint: GraphQLEndpoint, subscriptions: SubscriptionApp
) -> list[BaseRoute]:
    """GraphQL at ``/graphql`` (HTTP and WebSocket), the probes, the metrics, the roster
    export and the IDE's assets."""
    return [
        Route("/graphql", endpoint.__call__, methods=["POST"]),
        Route(
            "/graphql",
            _graphql_or_ide(settings, endpoint),
            methods=["GET", "PUT", "DELETE", "PATCH"],
        ),
        WebSocketRoute("/graphql", subscriptions),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics_endpoint(settings)),
        Route(
            "/events/{event_id}/roster.csv",
            roster_endpoint(settings, endpoint.rate_limiter),
            methods=["GET"],
        ),
        *parts_routes(),
        Mount("/ide-assets", StaticFiles(directory=ide.ASSETS_DIR, check_dir=False)),
    ]


def _middleware(settings: Settings) -> list[Middleware]:
    """Outermost first: the request id, then the body size cap."""
    return [
        Middleware(RequestIdMiddleware),
        Middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes),
    ]


def _graphql_or_ide(settings: Settings, endpoint: GraphQLEndpoint) -> Handler:
    """A browser's GET gets the IDE page (404 when disabled), anything else the endpoint."""

    async def graphql_http(request: Request) -> Response:
        if request.method == "GET" and ide.wants_html(request):
            if not settings.ide:
                return PlainTextResponse("The GraphQL IDE is disabled", status_code=404)
            return ide.page()
        return await endpoint(request)

    return graphql_http


def _lifespan(
    settings: Settings,
    endpoint: GraphQLEndpoint,
    subscriptions: SubscriptionApp,
    *,
    manage_orm: bool,
) -> StatelessLifespan[Starlette]:
    """Opens the connections, then starts the work; on the way out (also when starting the
    work failed) stops the work, then closes the endpoints and the connections."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        redis = await _open_connections(app, settings, endpoint, manage_orm=manage_orm)
        background: list[asyncio.Task[None]] = []
        try:
            background = await _start_work(settings, seed=manage_orm)
            log.info("convoy.started", mode=settings.mode)
            yield
        finally:
            await _stop_work(background)
            await endpoint.close()
            await subscriptions.close()
            await _close_connections(redis, manage_orm=manage_orm)

    return lifespan


async def _open_connections(
    app: Starlette, settings: Settings, endpoint: GraphQLEndpoint, *, manage_orm: bool
) -> Redis:
    """This app's Redis client (also the process's ``runtime`` one), then the ORM."""
    redis = connect(resolve_redis_url(settings))
    app.state.redis = redis
    endpoint.rate_limiter.bind(runtime.configure(settings, redis).counters)
    if manage_orm:
        await Tortoise.init(
            config=tortoise_config(settings.database_url), _enable_global_fallback=True
        )
    return redis


async def _start_work(settings: Settings, *, seed: bool) -> list[asyncio.Task[None]]:
    """The default and demo data, then (embedded mode) the job worker, dispatcher and
    scheduler, whose tasks are returned."""
    if seed:
        await seed_defaults()  # default tiers and earning rules, inserted once
    if settings.load_demo_data:
        # Imported here: a production process never loads the demo fixtures.
        from fixtures.loader import load_demo_data

        await load_demo_data()
    if not settings.embedded_workers:
        return []
    # Imported here: an API process that runs no jobs never loads taskiq and the job modules.
    from jobs.embedded import start_embedded_workers

    return await start_embedded_workers()


async def _stop_work(background: list[asyncio.Task[None]]) -> None:
    """Cancel the background tasks and wait until each has ended."""
    for task in background:
        task.cancel()
    for task in background:
        with contextlib.suppress(BaseException):
            await task


async def _close_connections(redis: Redis, *, manage_orm: bool) -> None:
    if manage_orm:
        await Tortoise.close_connections()
    await redis.aclose()
