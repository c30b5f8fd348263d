"""Process-wide handles services share: settings and the Redis client.

The app lifespan, the worker, the CLI and tests call ``configure`` once. Services read
``settings()`` and ``redis()`` instead of reaching into the environment themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from runtime.config import Settings


@dataclass
class Runtime:
    settings: Settings
    redis: Redis


_runtime: Runtime | None = None


def configure(settings: Settings, redis: Redis) -> Runtime:
    global _runtime
    _runtime = Runtime(settings=settings, redis=redis)
    return _runtime


def current() -> Runtime:
    if _runtime is None:
        raise RuntimeError("runtime.configure() has not been called")
    return _runtime


def settings() -> Settings:
    return current().settings


def redis() -> Redis:
    return current().redis


def key(*parts: object) -> str:
    """A Redis key (or channel, or stream) in this deployment's namespace."""
    return current().settings.redis_prefix + ":".join(str(part) for part in parts)
