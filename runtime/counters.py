"""Fixed-window counters in Redis, counted in shared round trips.

Every rate limit of a process goes through one ``WindowCounters``: increments that arrive
while a round trip is in flight wait for it and then travel together in the next one
(``SET NX EX`` + ``INCRBY`` per increment, in one script). Each caller still gets the exact count
Redis holds right after its own increment, so a limit decided on that count is as strict as
one round trip per hit; a request that counts against two limits (the request limit and, say,
the verification limit) pays at most one round trip for both, shared with whoever else is
counting at the time. A batch is one ``EVAL`` (a single Redis node; the keys of a batch may
not share a cluster slot).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from redis.asyncio import Redis

#: (key, amount, seconds the key lives after the window opened)
Increment = tuple[str, int, int]
#: A round trip that takes longer fails its waiters, so a hung connection blocks nobody for long.
SEND_TIMEOUT_SECONDS = 5.0
#: Per key: SET NX EX (the window's TTL, set when the key is made) then INCRBY, as one
#: command for the whole batch; the counts after each increment.
_COUNT = """
local counts = {}
for i, key in ipairs(KEYS) do
  redis.call('SET', key, 0, 'EX', ARGV[2 * i], 'NX')
  counts[i] = redis.call('INCRBY', key, ARGV[2 * i - 1])
end
return counts
"""


class WindowCounters:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._queue: list[tuple[Sequence[Increment], asyncio.Future[list[int]]]] = []
        self._sender: asyncio.Task[None] | None = None

    async def add(self, increments: Sequence[Increment]) -> list[int]:
        """Add each increment; the counts right after each (in the order given)."""
        future: asyncio.Future[list[int]] = asyncio.get_running_loop().create_future()
        self._queue.append((increments, future))
        if self._sender is None or self._sender.done():
            self._sender = asyncio.get_running_loop().create_task(self._send())
        return await future

    async def _send(self) -> None:
        """Send what is queued as one script call, again while more arrived meanwhile."""
        while self._queue:
            batch, self._queue = self._queue, []
            keys: list[str] = []
            args: list[int] = []
            for increments, _ in batch:
                for key, amount, ttl in increments:
                    keys.append(key)
                    args.extend((amount, ttl))
            try:
                async with asyncio.timeout(SEND_TIMEOUT_SECONDS):
                    replies = await self.redis.eval(_COUNT, len(keys), *keys, *args)
            except BaseException as exc:  # every waiter of this batch sees the failure
                for _, future in batch:
                    if not future.done():
                        future.set_exception(
                            exc if isinstance(exc, Exception) else ConnectionError()
                        )
                if not isinstance(exc, Exception):
                    for _, future in self._queue:
                        future.cancel()
                    self._queue = []
                    raise
                continue
            totals = iter(replies)
            for increments, future in batch:
                counts = [int(next(totals)) for _ in increments]
                if not future.done():
                    future.set_result(counts)
