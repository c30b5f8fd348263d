"""Process-wide handles services share: settings and the Redis client.

The app lifespan, the worker, the CLI and tests call ``configure`` once. Services read
``settings()`` and ``redis()`` instead of reaching into the environment themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from runtime.counters import WindowCounters

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from runtime.config import Settings


@dataclass
class Runtime:
    settings: Settings
    redis: Redis
    #: The process's rate-limit counters, counted in shared round trips on ``redis``.
    counters: WindowCounters = field(init=False)

    def __post_init__(self) -> None:
        self.counters = WindowCounters(self.redis)


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


def counters() -> WindowCounters:
    return current().counters


def key(*parts: object) -> str:
    """A Redis key (or channel, or stream) in this deployment's namespace."""
    return current().settings.redis_prefix + ":".join(str(part) for part in parts)
