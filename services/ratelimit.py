"""Fixed-window rate limits kept in Redis, shared by every API process."""

from __future__ import annotations

import time
from dataclasses import dataclass

import runtime


@dataclass(frozen=True, slots=True)
class Allowance:
    allowed: bool
    limit: int
    remaining: int
    #: Seconds until the window resets.
    reset: int


async def hit(bucket: str, *, limit: int, window: int, cost: int = 1) -> Allowance:
    """Count ``cost`` against ``bucket`` in the current window: at most one Redis round trip,
    shared with the process's other counting at the time (``runtime.counters``)."""
    now = int(time.time())
    window_start = now - now % window
    key = runtime.key("rl", bucket, window_start)
    # SET NX EX then INCRBY: works on Redis 6.2 (the embedded server)
    (used,) = await runtime.counters().add([(key, cost, window + 1)])
    return Allowance(
        allowed=used <= limit,
        limit=limit,
        remaining=max(0, limit - used),
        reset=window_start + window - now,
    )


async def peek(bucket: str, *, window: int) -> int:
    now = int(time.time())
    value = await runtime.redis().get(runtime.key("rl", bucket, now - now % window))
    return int(value or 0)


async def clear(bucket: str, *, window: int) -> None:
    now = int(time.time())
    await runtime.redis().delete(runtime.key("rl", bucket, now - now % window))
