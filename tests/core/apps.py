"""A second app in the test process (another API process, or one configured differently),
sharing the database the session app set up."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

import runtime
from api.app import create_app
from runtime.config import Settings
from tests.conftest import make_settings


def settings_like(settings: Settings, **overrides: Any) -> Settings:
    """The session's settings with some values changed (``mode="production"`` works too)."""
    assert settings.redis_url is not None
    database_url = overrides.pop("database_url", settings.database_url)
    redis_url = overrides.pop("redis_url", settings.redis_url)
    return make_settings(database_url, redis_url, **overrides)


@contextlib.asynccontextmanager
async def running_app(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for a fresh app with ``settings``, lifespan included. The process-wide
    runtime (settings, Redis) is restored afterwards."""
    saved = runtime.current()
    app = create_app(settings, manage_orm=False)
    try:
        async with LifespanManager(app) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://convoy.test"
            ) as client:
                yield client
    finally:
        runtime.configure(saved.settings, saved.redis)
        # the session app's logging set-up (create_app configures it) comes back too
        from runtime.logs import configure_logging

        configure_logging(json_logs=saved.settings.json_logs)
