"""The full rebuild: every board of the current periods recomputed from the database.

One streamed statement per metric (every period and scope kind at once, the next metric's
already running while the current one is written) feeds a temporary key per board; the
writes go to Redis in ordered pipelines while the next rows are read. When a board's rows are
all written, a script renames it over the served board together with its watermark
(``SWAP``), so a reader sees the old board or the complete new one, never a part.
A failure half way leaves the boards not yet swapped as they were. Entries that land during
the rebuild are past its watermark and reach the boards through the incremental appliers.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections import Counter
from collections.abc import AsyncGenerator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import structlog

import runtime
from models.rankings import Metric, Scope
from services.core import clock
from services.core.sql import Sql
from services.rankings import announce, metrics, store
from services.rankings.keys import (
    MEMBER_WIDTH,
    Board,
    board_set_key,
    cursor_key,
    rebuild_lock_key,
    ttl_seconds,
)
from services.rankings.periods import Window, current_windows
from services.rankings.stream import CHUNK, stream

log = structlog.get_logger("convoy.rankings")

Progress = Callable[[int, int | None], None]

#: A rebuild holding the lock longer than this is taken to have died.
LOCK_SECONDS = 900
#: Temporary keys of a rebuild that died are dropped by Redis after this.
TMP_SECONDS = 3600

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


@dataclass
class _Stats:
    boards: int = 0
    rows: int = 0
    stale: int = 0
    #: Channels with live subscribers: only their boards are remembered and announced.
    listening: set[str] = field(default_factory=set)
    changed: list[Board] = field(default_factory=list)

    def swapped(self, board: Board) -> None:
        if self.listening and announce.board_topic(board) in self.listening:
            self.changed.append(board)


async def high_mark(metric: Metric, now: datetime) -> int:
    """What a rebuild of ``metric`` includes: entries up to this id, or completions up to this
    instant (epoch milliseconds) for events."""
    if metric == Metric.EVENTS_COMPLETED:
        return int(now.timestamp() * 1000)
    table = "ledger_entries" if metric == Metric.POINTS_EARNED else "contribution_entries"
    return int(await Sql().scalar(f"SELECT COALESCE(MAX(id), 0) AS mark FROM {table}") or 0)


def mark_bound(metric: Metric, mark: int) -> int | datetime:
    if metric == Metric.EVENTS_COMPLETED:
        return datetime.fromtimestamp(mark / 1000, tz=UTC)
    return mark


async def rebuild_all(
    *,
    progress: Progress | None = None,
    now: datetime | None = None,
    only: list[Metric] | None = None,
    chunk: int = CHUNK,
) -> dict[str, Any]:
    """Rebuild every board of the current week, month, season and all time (of the metrics
    ``only``, default all). One rebuild runs at a time (a Redis lock); a second caller returns
    at once with ``skipped``. ``progress(rows, None)`` is called after each streamed chunk."""
    now = now or clock.now()
    redis, token, lock = runtime.redis(), uuid.uuid4().hex, rebuild_lock_key()
    if not await redis.set(lock, token, nx=True, ex=LOCK_SECONDS):
        return {"skipped": "a rebuild is already running"}
    started, stats = time.monotonic(), _Stats(listening=await announce.watched())
    try:
        await _rebuild(only or list(Metric), now, stats, progress, chunk)
    finally:
        await store.run(_RELEASE, [lock], [token])
    await announce.announce(stats.changed, channels=stats.listening)
    summary = {
        "boards": stats.boards,
        "rows": stats.rows,
        "stale_boards": stats.stale,
        "seconds": round(time.monotonic() - started, 3),
    }
    log.info("rankings.rebuilt", **summary)
    return summary


async def _rebuild(
    every: list[Metric], now: datetime, stats: _Stats, progress: Progress | None, chunk: int
) -> None:
    """The metrics one after the other, the next one's statement already running in the
    database while this process and Redis write the boards of the current one."""
    windows, sender = current_windows(now), await _Sender.start()
    marks = [await high_mark(metric, now) for metric in every]

    def read(index: int) -> _Ahead | None:
        if index >= len(every):
            return None
        query = metrics.every_board(
            every[index], windows, upto=mark_bound(every[index], marks[index])
        )
        return _Ahead(stream(query, chunk=chunk))

    current, ahead = None, read(0)
    try:
        for index, metric in enumerate(every):
            current, ahead = ahead, read(index + 1)
            assert current is not None
            await _rebuild_metric(
                metric, windows, marks[index], now, stats, progress, current, sender
            )
            current = None
    finally:
        for pending in (current, ahead):
            if pending is not None:
                await pending.aclose()
        await sender.close()


class _Ahead:
    """A stream whose first chunk is asked for at once (the statement runs meanwhile)."""

    def __init__(self, rows: AsyncGenerator[Sequence[Sequence[Any]], None]) -> None:
        self._rows = rows
        self._first: asyncio.Future[Sequence[Sequence[Any]]] | None = asyncio.ensure_future(
            anext(rows)
        )

    def __aiter__(self) -> _Ahead:
        return self

    async def __anext__(self) -> Sequence[Sequence[Any]]:
        first, self._first = self._first, None
        if first is not None:
            return await first
        return await anext(self._rows)

    async def aclose(self) -> None:
        first, self._first = self._first, None
        if first is not None:
            first.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await first
        await self._rows.aclose()


async def _rebuild_metric(
    metric: Metric, windows: list[Window], mark: int, now: datetime, stats: _Stats,
    progress: Progress | None, chunks: _Ahead, sender: _Sender,
) -> None:  # fmt: skip
    """Every board of one metric in every period (one streamed statement, scope after scope,
    each row a member's score in each period), each scope kind's sets marked built once their
    boards are all swapped in. A board is written only when some member scores on it."""
    ttls = [ttl_seconds(win, now) for win in windows]
    # the board of each period of the scope being read, None until someone scores on it
    writers: list[_BoardWriter | None] = [None] * len(windows)
    written: list[dict[Scope, list[str]]] = [
        {scope: [] for scope in metrics.KINDS} for _ in windows
    ]
    scope: tuple[int, str] | None = None
    finished = 0  # scope kinds (a prefix of KINDS) whose sets are done

    async def swap_scope() -> None:
        for index, writer in enumerate(writers):
            if writer is not None:
                stats.rows += await writer.swap(mark, ttls[index])
                stats.swapped(writer.board)
                writers[index] = None

    async def finish_kinds(upto: int) -> None:
        nonlocal finished
        if finished < upto:
            await sender.drain()
        while finished < upto:
            for index, win in enumerate(windows):
                await _finish_set(metric, win, written[index], finished, mark, ttls[index], stats)
            finished += 1

    try:
        async with contextlib.aclosing(chunks):
            async for rows in chunks:
                for kind, _, scope_id, member_id, *scores in rows:
                    if scope is None or scope_id != scope[1] or kind != scope[0]:
                        await swap_scope()
                        await finish_kinds(kind)
                        scope = (kind, scope_id)
                    member = f"{member_id:0{MEMBER_WIDTH}d}"
                    for index, score in enumerate(scores):
                        if score > 0:
                            writer = writers[index]
                            if writer is None:
                                writer = writers[index] = _BoardWriter(
                                    metric, windows[index], kind, str(scope_id), sender
                                )
                                written[index][writer.board.scope].append(writer.scope_id)
                            writer.add(member, score)
                for writer in writers:
                    if writer is not None:
                        stats.rows += await writer.flush()
                if progress is not None:
                    progress(stats.rows, None)
        await swap_scope()
        await sender.drain()
        await finish_kinds(len(metrics.KINDS))
    finally:
        for writer in writers:
            if writer is not None:
                await writer.discard()


async def _finish_set(
    metric: Metric, win: Window, boards: dict[Scope, list[str]], kind: int, mark: int, ttl: int,
    stats: _Stats,
) -> None:  # fmt: skip
    """Mark the set of scope kind ``kind`` built up to ``mark`` and drop its boards that the
    rebuild found empty."""
    scope, redis = metrics.KINDS[kind], runtime.redis()
    written = boards[scope]
    set_key = board_set_key(metric, scope, win.period, win.key)
    registry = set_key + "|ids"
    known = await redis.smembers(registry)  # type: ignore[misc]
    stale = {str(scope_id) for scope_id in known} - set(written)
    async with redis.pipeline(transaction=True) as pipe:
        for scope_id in stale:
            board = Board(metric, scope, scope_id, win.period, win.key)
            pipe.delete(board.key, board.key + "|d", board.key + "|c", board.key + "|w")
            stats.swapped(board)
        pipe.delete(registry)
        for start in range(0, len(written), 1000):
            pipe.sadd(registry, *written[start : start + 1000])
        pipe.set(set_key + "|w", str(mark))
        if ttl:
            pipe.expire(registry, ttl)
            pipe.expire(set_key + "|w", ttl)
        await pipe.execute()
    stats.boards += len(written)
    stats.stale += len(stale)


class _Sender:
    """Sends a rebuild's script calls in their order, many to a pipeline, while the caller
    reads and packs the next rows (Redis, the database and this process then work at once).
    One batch is in flight while the next fills, so memory stays at two batches."""

    #: A batch is sent once it holds this many board rows, or this many calls.
    ROWS = 20_000
    CALLS = 256

    def __init__(self, digests: dict[str, str]) -> None:
        self._digests = digests
        self._calls: list[tuple[str, list[str], list[Any]]] = []
        self._rows = 0
        self._flight: asyncio.Future[Any] | None = None

    @classmethod
    async def start(cls) -> _Sender:
        redis = runtime.redis()
        return cls({script: await redis.script_load(script) for script in (store.FILL, store.SWAP)})

    async def call(self, script: str, keys: list[str], args: list[Any], rows: int) -> None:
        self._calls.append((self._digests[script], keys, args))
        self._rows += rows
        if self._rows >= self.ROWS or len(self._calls) >= self.CALLS:
            await self._send()

    async def drain(self) -> None:
        """Return once every call so far has run (raising what failed)."""
        await self._send()
        await self._send()

    async def close(self) -> None:
        """Run what is queued, so the boards already complete are swapped in; a rebuild
        failing half way still fails with its own error."""
        with contextlib.suppress(Exception):
            await self.drain()

    async def _send(self) -> None:
        flight, self._flight = self._flight, None
        if flight is not None:
            await flight
        if self._calls:
            calls, self._calls, self._rows = self._calls, [], 0
            self._flight = asyncio.ensure_future(_execute(calls))


async def _execute(calls: list[tuple[str, list[str], list[Any]]]) -> None:
    async with runtime.redis().pipeline(transaction=False) as pipe:
        for digest, keys, args in calls:
            pipe.evalsha(digest, len(keys), *keys, *args)
        await pipe.execute()


class _BoardWriter:
    """Writes one board into temporary keys a chunk at a time, then swaps it in. Rows of a
    board come in any order (Redis sorts); the count of members per score is kept here, so
    memory grows with a board's distinct scores, never with its members."""

    def __init__(
        self, metric: Metric, win: Window, kind: int, scope_id: str, sender: _Sender
    ) -> None:
        self.kind, self.scope_id, self._sender = kind, scope_id, sender
        self.board = Board(metric, metrics.KINDS[kind], scope_id, win.period, win.key)
        self.tmp = f"{self.board.key}|tmp:{uuid.uuid4().hex[:12]}"
        self._members: list[str] = []
        self._counts: Counter[int] = Counter()

    def add(self, member: str, score: int) -> None:
        """Add the member (its token, ``MEMBER_WIDTH`` digits) with its score."""
        self._members.append(f"{-score} {member}")
        self._counts[score] += 1

    def _packed(self, *, final: bool) -> tuple[list[str], int]:
        counts = self._counts.items() if final else ()
        packed = [
            " ".join(self._members),
            " ".join(f"{-score} {score}" for score, _ in counts),
            " ".join(f"{score} {count}" for score, count in counts),
        ]
        rows, self._members = len(self._members), []
        return packed, rows

    async def flush(self) -> int:
        """Send the rows added since the last call; returns how many."""
        if not self._members:
            return 0
        keys = [self.tmp, self.tmp + "|d", self.tmp + "|c"]
        packed, rows = self._packed(final=False)
        await self._sender.call(store.FILL, keys, [*packed, TMP_SECONDS], rows)
        return rows

    async def swap(self, mark: int, ttl: int) -> int:
        """Send the last rows and the swap; returns how many rows were sent."""
        key, tmp = self.board.key, self.tmp
        keys = [key, key + "|d", key + "|c", key + "|w", tmp, tmp + "|d", tmp + "|c"]
        if self.board.metric != Metric.EVENTS_COMPLETED:
            keys.append(cursor_key(self.board.metric))
        packed, rows = self._packed(final=True)
        await self._sender.call(store.SWAP, keys, [mark, ttl, *packed, TMP_SECONDS], rows)
        return rows

    async def discard(self) -> None:
        """Drop the board being written, after the calls already queued for it have run."""
        await self._sender.close()
        with contextlib.suppress(Exception):
            await runtime.redis().delete(self.tmp, self.tmp + "|d", self.tmp + "|c")
