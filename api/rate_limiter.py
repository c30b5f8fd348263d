"""Per-viewer and per-IP request rate limits, counted in Redis and decided locally where the
answer is already known.

Fixed windows, one counter per bucket and window in Redis (the same keys as
``services.ratelimit``), shared by every API process. Each process remembers, per bucket, the
last count Redis reported and the hits it admitted since:

* over the limit: refused at once, with no round trip (a window's count only grows);
* first hit of a window, or near the limit: the request waits for Redis (concurrent waiters
  share one pipeline);
* otherwise: admitted at once; the hit reaches Redis with the next batch (within
  ``FLUSH_SECONDS``), whose reply also refreshes what this process knows of the count. At most
  ``margin`` hits per bucket and process are in flight like this, so P processes can let
  through at most (P - 1) x margin requests beyond the limit.

If Redis cannot be reached the limiter fails open to this process's own count, and says so in
the log.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass

import structlog

import runtime
from runtime.counters import WindowCounters

log = structlog.get_logger("convoy.ratelimit")

#: How long a batch of admitted hits waits for company before going to Redis.
FLUSH_SECONDS = 0.02
#: A round trip that takes longer counts as Redis being unreachable.
REDIS_TIMEOUT_SECONDS = 0.5
#: After a failed round trip, how long requests are decided locally without waiting for Redis.
DEGRADED_SECONDS = 1.0
#: Buckets remembered per window; beyond it new buckets always ask Redis.
MAX_BUCKETS = 100_000


@dataclass(frozen=True, slots=True)
class Allowance:
    allowed: bool
    limit: int
    remaining: int
    #: Seconds until the window resets.
    reset: int


class _Bucket:
    __slots__ = ("name", "window", "known", "pending", "synced", "dirty")

    def __init__(self, name: str, window: int) -> None:
        self.name = name
        self.window = window
        #: The count Redis last reported for this window.
        self.known = 0
        #: Hits counted here and not yet sent to Redis.
        self.pending = 0
        self.synced = False
        self.dirty = False


class RequestRateLimiter:
    def __init__(self, *, limit: int, prefix: str, window: int = 60) -> None:
        self.limit = limit
        self.prefix = prefix
        self._counters: WindowCounters | None = None
        self.window = window
        self.margin = max(1, limit // 10)
        self.policy = f"{limit};w={window}"
        self._window = 0
        self._buckets: dict[str, _Bucket] = {}
        self._dirty: list[_Bucket] = []
        self._waiters: list[tuple[_Bucket, int, asyncio.Future[int | None]]] = []
        self._task: asyncio.Task[None] | None = None
        self._wakeup: asyncio.Future[None] | None = None
        #: Until then Redis counts as unreachable and nobody waits for it.
        self._degraded_until = 0.0

    async def hit(self, name: str) -> Allowance:
        """Count one request against ``name``'s bucket and say whether it may proceed."""
        return self.try_hit(name) or await self.hit_now(name)

    def try_hit(self, name: str) -> Allowance | None:
        """``hit`` when it can be decided without Redis (the usual case), else None and
        nothing counted: call ``hit_now``."""
        now = int(time.time())
        window = now - now % self.window
        bucket = self._bucket(name, window)
        used = bucket.known + bucket.pending
        if used >= self.limit:
            return Allowance(False, self.limit, 0, window + self.window - now)
        if (
            bucket.synced and bucket.pending < self.margin and used < self.limit - self.margin
        ) or time.monotonic() < self._degraded_until:
            self._add(bucket)
            if self._task is None or self._task.done():
                self._schedule(urgent=False)
            return Allowance(True, self.limit, self.limit - used - 1, window + self.window - now)
        return None

    async def hit_now(self, name: str) -> Allowance:
        """Count one request in Redis before answering (concurrent callers share a round
        trip)."""
        now = int(time.time())
        window = now - now % self.window
        bucket = self._bucket(name, window)
        position = await self._hit_now(bucket)
        return Allowance(
            position <= self.limit,
            self.limit,
            max(0, self.limit - position),
            window + self.window - now,
        )

    def bind(self, counters: WindowCounters) -> None:
        """Count through these (the app's own) instead of the process-wide ones."""
        self._counters = counters

    async def close(self) -> None:
        """Send what is still pending (best effort) and let the background batch finish."""
        task = self._task
        if task is not None and not task.done():
            self._wake()
            with contextlib.suppress(Exception, asyncio.CancelledError):
                async with asyncio.timeout(2 * REDIS_TIMEOUT_SECONDS):
                    await task
        if self._dirty:
            await self._flush()

    def _bucket(self, name: str, window: int) -> _Bucket:
        if window != self._window:
            self._window = window
            self._buckets = {}
        bucket = self._buckets.get(name)
        if bucket is None:
            bucket = _Bucket(name, window)
            if len(self._buckets) < MAX_BUCKETS:
                self._buckets[name] = bucket
        return bucket

    def _add(self, bucket: _Bucket) -> int:
        index = bucket.pending
        bucket.pending += 1
        if not bucket.dirty:
            bucket.dirty = True
            self._dirty.append(bucket)
        return index

    async def _hit_now(self, bucket: _Bucket) -> int:
        """Count one hit in Redis now; the hit's position in the window's count."""
        future: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()
        self._waiters.append((bucket, self._add(bucket), future))
        self._schedule(urgent=True)
        position = await future
        if position is None:  # Redis unreachable: this process's own count decides
            return bucket.known + bucket.pending
        return position

    def _schedule(self, *, urgent: bool) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())
        elif urgent:
            self._wake()

    def _wake(self) -> None:
        if self._wakeup is not None and not self._wakeup.done():
            self._wakeup.set_result(None)

    async def _run(self) -> None:
        while self._dirty:
            if not self._waiters:
                await self._pause()
            await self._flush()

    async def _pause(self) -> None:
        """Wait ``FLUSH_SECONDS`` for more hits, or less if a request starts waiting."""
        loop = asyncio.get_running_loop()
        self._wakeup = wakeup = loop.create_future()
        timer = loop.call_later(FLUSH_SECONDS, _resolve, wakeup)
        try:
            await wakeup
        finally:
            timer.cancel()
            self._wakeup = None

    async def _flush(self) -> None:
        batch, self._dirty = self._dirty, []
        waiters, self._waiters = self._waiters, []
        amounts = []
        for bucket in batch:
            amounts.append(bucket.pending)
            bucket.pending = 0
            bucket.dirty = False
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
                # the same keys and TTL as services.ratelimit, in the same shared round trip
                counters = self._counters or runtime.counters()
                totals = await counters.add(
                    [
                        (f"{self.prefix}rl:{bucket.name}:{bucket.window}", amount, self.window + 1)
                        for bucket, amount in zip(batch, amounts, strict=True)
                    ]
                )
        except asyncio.CancelledError:
            _release(waiters)
            raise
        except Exception as exc:  # noqa: BLE001 - any failure here means: decide locally
            if time.monotonic() >= self._degraded_until:
                log.warning("ratelimit.redis_unavailable", error=type(exc).__name__)
            self._degraded_until = time.monotonic() + DEGRADED_SECONDS
            for bucket, amount in zip(batch, amounts, strict=True):
                bucket.known += amount  # lost to Redis, still counted by this process
            _release(waiters)
            return
        base: dict[int, int] = {}
        for bucket, amount, total in zip(batch, amounts, totals, strict=True):
            total = int(total)
            bucket.known = max(bucket.known, total)
            bucket.synced = True
            base[id(bucket)] = total - amount
        for bucket, index, future in waiters:
            if not future.done():
                future.set_result(base.get(id(bucket), bucket.known) + index + 1)


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _release(waiters: list[tuple[_Bucket, int, asyncio.Future[int | None]]]) -> None:
    """Unblock requests waiting for a round trip that will not answer."""
    for _, _, future in waiters:
        if not future.done():
            future.set_result(None)
