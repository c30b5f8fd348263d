"""The full rebuild: every board of the current periods recomputed from the database.

One streamed statement per (metric, period, scope kind) feeds a temporary key per board; when
a board's rows are all written, a script renames it over the served board together with its
watermark (``SWAP``), so a reader sees the old board or the complete new one, never a part.
A failure half way leaves the boards not yet swapped as they were. Entries that land during
the rebuild are past its watermark and reach the boards through the incremental appliers.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import structlog

from models.rankings import Metric, Scope
from services import runtime
from services.loyalty.clock import utcnow
from services.loyalty.sql import Sql
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
    now = now or utcnow()
    redis, token, lock = runtime.redis(), uuid.uuid4().hex, rebuild_lock_key()
    if not await redis.set(lock, token, nx=True, ex=LOCK_SECONDS):
        return {"skipped": "a rebuild is already running"}
    started, stats = time.monotonic(), _Stats(listening=await announce.watched())
    try:
        for metric in only or list(Metric):
            mark = await high_mark(metric, now)
            for win in current_windows(now):
                await _rebuild_period(metric, win, mark, now, stats, progress, chunk)
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


async def _rebuild_period(
    metric: Metric, win: Window, mark: int, now: datetime, stats: _Stats,
    progress: Progress | None, chunk: int,
) -> None:  # fmt: skip
    """Every board of one metric and period (one streamed statement, board after board), each
    scope kind's set marked built once its boards are all swapped in."""
    query = metrics.every_board(metric, win, upto=mark_bound(metric, mark))
    ttl = ttl_seconds(win, now)
    writer: _BoardWriter | None = None
    written: dict[Scope, list[str]] = {scope: [] for scope in metrics.KINDS}
    finished = 0  # scope kinds (a prefix of KINDS) whose sets are done
    try:
        async with contextlib.aclosing(stream(query, chunk=chunk)) as chunks:
            async for rows in chunks:
                for kind, _, scope_id, member_id, score in rows:
                    if writer is None or scope_id != writer.scope_id or kind != writer.kind:
                        if writer is not None:
                            await writer.swap(mark, ttl)
                            stats.swapped(writer.board)
                        while finished < kind:
                            await _finish_set(metric, win, written, finished, mark, ttl, stats)
                            finished += 1
                        writer = _BoardWriter(metric, win, kind, str(scope_id))
                        written[writer.board.scope].append(writer.scope_id)
                    writer.add(member_id, score)
                if writer is not None:
                    await writer.flush()
                stats.rows += len(rows)
                if progress is not None:
                    progress(stats.rows, None)
        if writer is not None:
            await writer.swap(mark, ttl)
            stats.swapped(writer.board)
            writer = None
        while finished < len(metrics.KINDS):
            await _finish_set(metric, win, written, finished, mark, ttl, stats)
            finished += 1
    finally:
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


class _BoardWriter:
    """Writes one board into temporary keys a chunk at a time, then swaps it in. Rows of a
    board come in any order (Redis sorts); the count of members per score is kept here, so
    memory grows with a board's distinct scores, never with its members."""

    def __init__(self, metric: Metric, win: Window, kind: int, scope_id: str) -> None:
        self.kind, self.scope_id = kind, scope_id
        self.board = Board(metric, metrics.KINDS[kind], scope_id, win.period, win.key)
        self.tmp = f"{self.board.key}|tmp:{uuid.uuid4().hex[:12]}"
        self._members: list[str] = []
        self._counts: Counter[int] = Counter()

    def add(self, member_id: int, score: int) -> None:
        self._members.append(f"{-score} {member_id:0{MEMBER_WIDTH}d}")
        self._counts[score] += 1

    def _packed(self, *, final: bool) -> list[str]:
        counts = self._counts.items() if final else ()
        packed = [
            " ".join(self._members),
            " ".join(f"{-score} {score}" for score, _ in counts),
            " ".join(f"{score} {count}" for score, count in counts),
        ]
        self._members = []
        return packed

    async def flush(self) -> None:
        if self._members:
            keys = [self.tmp, self.tmp + "|d", self.tmp + "|c"]
            await store.run(store.FILL, keys, [*self._packed(final=False), TMP_SECONDS])

    async def swap(self, mark: int, ttl: int) -> None:
        key, tmp = self.board.key, self.tmp
        keys = [key, key + "|d", key + "|c", key + "|w", tmp, tmp + "|d", tmp + "|c"]
        if self.board.metric != Metric.EVENTS_COMPLETED:
            keys.append(cursor_key(self.board.metric))
        await store.run(store.SWAP, keys, [mark, ttl, *self._packed(final=True), TMP_SECONDS])

    async def discard(self) -> None:
        with contextlib.suppress(Exception):
            await runtime.redis().delete(self.tmp, self.tmp + "|d", self.tmp + "|c")
