"""Test set-up: a fresh database and Redis namespace per run, the app over httpx.

``TEST_DATABASE_URL`` (a PostgreSQL server URL) and ``TEST_REDIS_URL`` select real servers;
without them the suite runs on a SQLite file and an embedded Redis.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from tortoise.contrib.test import truncate_all_models

from api.app import create_app
from runtime.config import Settings
from runtime.migrate import apply_migrations
from runtime.redis_client import connect, embedded_redis_url, shutdown_embedded
from tests.support import GraphQLClient, pg_admin

RUN_ID = uuid.uuid4().hex[:10]

pytest_plugins = ["tests.fixtures"]


def _postgres_server() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


async def _build_schema(url: str) -> None:
    """Migrations build the test database. ``CONVOY_TEST_SCHEMA=generate`` builds it straight
    from the models instead (for work in progress whose migration is not written yet)."""
    if os.environ.get("CONVOY_TEST_SCHEMA") != "generate":
        await apply_migrations(url)
        return
    from tortoise import Tortoise

    from runtime.database import tortoise_config

    await Tortoise.init(config=tortoise_config(url))
    try:
        await Tortoise.generate_schemas()
        if url.startswith("postgres"):
            import importlib

            from models import MODEL_MODULES

            connection = Tortoise.get_connection("default")
            for module in MODEL_MODULES:
                for statement in getattr(importlib.import_module(module), "POSTGRES_DDL", []):
                    await connection.execute_script(statement)
    finally:
        await Tortoise.close_connections()


@pytest.fixture(scope="session")
async def database_url() -> AsyncIterator[str]:
    server = _postgres_server()
    if server is None:
        directory = Path(tempfile.mkdtemp(prefix="convoy-test-"))
        url = f"sqlite://{directory / 'test.sqlite3'}"
        await _build_schema(url)
        yield url
        return
    name = f"convoy_test_{RUN_ID}"
    async with pg_admin(server) as admin:
        await admin.execute(f'CREATE DATABASE "{name}"')
    base = server.rsplit("/", 1)[0]
    url = f"{base}/{name}"
    await _build_schema(url)
    yield url
    async with pg_admin(server) as admin:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """The server of ``TEST_REDIS_URL``, or an embedded one stopped when the session ends."""
    server = os.environ.get("TEST_REDIS_URL")
    if server:
        yield server
        return
    yield embedded_redis_url(Path(tempfile.mkdtemp(prefix="convoy-redis-")))
    shutdown_embedded()


@pytest.fixture(scope="session")
def settings(database_url: str, redis_url: str) -> Settings:
    return make_settings(database_url, redis_url)


def make_settings(database_url: str, redis_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "redis_url": redis_url,
        "redis_prefix": f"t{RUN_ID}:",
        "secret_key": "test-secret-key-that-is-long-enough-000",
        "vin_hash_key": "test-vin-key-that-is-long-enough-000000",
        "part_key_encryption_key": "test-part-key-encryption-key-long-enough-0",
        "claim_code_hash_key": "test-claim-code-key-that-is-long-enough-0",
        "rate_limit_per_minute": 100_000,
        # tests read their own writes at once; tests/core/test_shared_responses.py shares
        "shared_response_seconds": 0,
        "password_time_cost": 1,
        "password_memory_cost": 1024,
        "password_parallelism": 1,
        "log_json": True,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Any]:
    application = create_app(settings)
    async with LifespanManager(application) as manager:
        yield manager.app


@pytest.fixture(autouse=True)
async def clean_state(app: Any, settings: Settings) -> AsyncIterator[None]:
    """Every test starts from empty tables and an empty Redis namespace."""
    yield
    await truncate_all_models()
    redis = connect(settings.redis_url or "")
    try:
        keys = [key async for key in redis.scan_iter(match=f"{settings.redis_prefix}*")]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()


@pytest.fixture
async def http(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://convoy.test") as client:
        yield client


@pytest.fixture
def gql(http: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(http)
