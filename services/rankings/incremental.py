"""Incremental updates: new entries land on the served boards between two rebuilds.

* Points and contribution: an applier reads entries past a cursor (``id > cursor``) and applies
  them in one script that also moves each board's watermark and the cursor, so a rerun, a
  second applier or a crash between the two cannot count an entry twice (an entry lands on a
  board only if its id is above the board's watermark). A rebuild sets each board's watermark
  and pulls the cursor back to its own mark, so entries it did not include are applied again
  to the boards it replaced and to no other.
* Live boards: while a leaderboard has a live subscriber, the workers apply new entries every
  ``LIVE_INTERVAL_SECONDS`` (one of them per interval), so an update reaches the subscriber
  within about a second instead of at the next minute's applier run.
* Events completed: the outbox consumer of ``event.registration_completed`` applies each
  completion once (a marker per registration) to boards whose rebuild predates it.

What escapes both (an entry that commits after a later id was already read) is repaired by the
next full rebuild: the boards are a cache, the tables are the truth.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import structlog
from redis.exceptions import RedisError

import runtime
from models.rankings import Metric, Scope
from services.core import clock
from services.core.sql import Sql, as_datetime
from services.rankings import announce, store
from services.rankings.keys import (
    Board,
    applied_key,
    cursor_key,
    live_apply_key,
    member_token,
    ttl_seconds,
)
from services.rankings.periods import current_windows

log = structlog.get_logger("convoy.rankings")

BATCH = 1000
#: A completion marker outlives the outbox's redelivery window.
MARKER_SECONDS = 8 * 86400
#: How often entries reach boards someone watches live (the subscription pushes at most once a
#: second, so half a second keeps an update within about a second of its entry).
LIVE_INTERVAL_SECONDS = 0.5

_ENTRIES = {
    Metric.POINTS_EARNED: (
        "SELECT e.id, e.member_id, e.amount, e.created_at, m.city FROM ledger_entries e "
        "JOIN members m ON m.id = e.member_id WHERE e.id > ? AND e.kind = 'EARN' "
        "AND e.amount > 0 AND m.deleted_at IS NULL ORDER BY e.id LIMIT ?"
    ),
    Metric.CONTRIBUTION: (
        "SELECT e.id, e.member_id, e.amount, e.created_at, m.city FROM contribution_entries e "
        "JOIN members m ON m.id = e.member_id WHERE e.id > ? AND m.deleted_at IS NULL "
        "ORDER BY e.id LIMIT ?"
    ),
}


async def apply_for_live_boards(
    *, interval: float = LIVE_INTERVAL_SECONDS
) -> dict[str, Any] | None:
    """Apply new points and contribution entries now if some leaderboard has a live
    subscriber, at most once per ``interval`` across every process (the first to take the
    Redis lock runs). None when nobody watches or another process ran this interval."""
    listening = await announce.watched()
    if not listening:
        return None
    taken = await runtime.redis().set(live_apply_key(), "1", nx=True, px=int(interval * 1000))
    if not taken:
        return None
    points = await apply_new_entries(Metric.POINTS_EARNED, channels=listening)
    contribution = await apply_new_entries(Metric.CONTRIBUTION, channels=listening)
    return {"points": points, "contribution": contribution}


async def apply_new_entries(
    metric: Metric, *, batch: int = BATCH, channels: set[str] | None = None
) -> dict[str, Any]:
    """Apply the entries of ``metric`` (POINTS_EARNED or CONTRIBUTION) past the cursor to the
    built boards. Nothing to do before the first rebuild (no cursor, no board). ``channels``:
    the watched board channels when the caller just read them."""
    redis, key = runtime.redis(), cursor_key(metric)
    applied = read = 0
    touched: set[Board] = set()
    while True:
        cursor = await redis.get(key)
        if cursor is None:
            break
        rows = await Sql().rows(_ENTRIES[metric], int(cursor), batch)
        if not rows:
            break
        circles = await _active_circles(row["member_id"] for row in rows)
        args: list[Any] = [cursor, str(max(int(row["id"]) for row in rows))]
        boards: list[Board] = []
        for row in rows:
            for board, ttl in _boards_of(metric, row, circles, clock.now()):
                args += [board.key, board.set_key, ttl, int(row["id"]),
                         member_token(int(row["member_id"])), int(row["amount"])]  # fmt: skip
                boards.append(board)
        result = await store.run(store.APPLY_ENTRIES, [key], args)
        if int(result) < 0:
            continue  # a rebuild moved the cursor meanwhile: read again from there
        applied, read = applied + int(result), read + len(rows)
        touched.update(boards)
        if len(rows) < batch:
            break
    await announce.announce(touched, channels=channels)
    return {"metric": metric.value, "entries": read, "increments": applied}


async def apply_completion(payload: dict[str, Any]) -> int:
    """Count one completed registration on its member's boards, once whatever the number of
    deliveries. Redis being down is logged, not raised: the next rebuild counts it anyway."""
    member_id = int(payload["member_id"])
    member = await Sql().first(
        "SELECT id AS member_id, city FROM members WHERE id = ? AND deleted_at IS NULL", member_id
    )
    if member is None:
        return 0
    completed_at = as_datetime(payload["completed_at"])
    circles = await _active_circles([member_id])
    row = {**member, "created_at": completed_at}
    boards = list(_boards_of(Metric.EVENTS_COMPLETED, row, circles, clock.now()))
    args: list[Any] = [
        MARKER_SECONDS,
        int(completed_at.timestamp() * 1000),
        member_token(member_id),
    ]
    for board, ttl in boards:
        args += [board.key, board.set_key, ttl]
    try:
        result = await store.run(
            store.APPLY_COMPLETION, [applied_key(int(payload["registration_id"]))], args
        )
    except (RedisError, OSError) as exc:
        log.warning("rankings.completion_not_applied", error=type(exc).__name__)
        return 0
    if int(result) > 0:
        await announce.announce(board for board, _ in boards)
    return max(int(result), 0)


async def _active_circles(member_ids: Iterable[Any]) -> dict[int, list[int]]:
    db = Sql()
    rows = await db.rows(
        "SELECT member_id, circle_id FROM circle_memberships WHERE status = 'ACTIVE' "
        "AND member_id IN {ids}",
        db.ids({int(member_id) for member_id in member_ids}),
    )
    found: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        found[int(row["member_id"])].append(int(row["circle_id"]))
    return found


def _boards_of(
    metric: Metric, row: dict[str, Any], circles: dict[int, list[int]], now: datetime
) -> Iterable[tuple[Board, int]]:
    """The boards an entry counts on: every period containing it, globally, in the member's
    city and in each circle the member is active in."""
    member_id, city = int(row["member_id"]), row.get("city")
    scopes = [(Scope.GLOBAL, "")]
    if city:
        scopes.append((Scope.CITY, str(city)))
    scopes += [(Scope.CIRCLE, str(circle)) for circle in circles.get(member_id, [])]
    for win in current_windows(as_datetime(row["created_at"])):
        ttl = ttl_seconds(win, now)
        for scope, scope_id in scopes:
            yield Board(metric, scope, scope_id, win.period, win.key), ttl
