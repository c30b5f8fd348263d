"""Snapshots of the boards' ranks, set-based: one ``INSERT … SELECT … DENSE_RANK()`` per
(metric, period, scope kind). Daily ones (``final`` false) give movement; a closed season's
are ``final`` and never pruned. Only the last ``leaderboard_snapshots_kept`` daily runs are
kept, and only ranks up to ``leaderboard_snapshot_depth`` per board are written."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

import runtime
from models.rankings import Metric, Scope
from services.core import clock
from services.core.sql import Sql, _values, render
from services.rankings import metrics
from services.rankings.periods import Window, current_windows

_INSERT = (
    "INSERT INTO leaderboard_snapshots (metric, scope, scope_id, period, period_key, member_id, "
    "rank, score, final, taken_at) SELECT ?, ?, r.scope_id, ?, ?, r.member_id, r.rank, r.score, "
    "{final}, {ts} FROM ({ranked}) r WHERE r.rank <= ?"
)


async def write_snapshot(
    windows: list[Window],
    *,
    final: bool,
    taken_at: datetime,
    using: BaseDBAsyncClient | None = None,
) -> int:
    """Snapshot every board of ``windows`` (all metrics and scopes); returns the rows written."""
    db = Sql(using)
    depth = runtime.settings().leaderboard_snapshot_depth
    for metric in Metric:
        for win in windows:
            for scope in Scope:
                query = metrics.ranked(metrics.board_scores(metric, win, scope))
                sql = _INSERT.replace("{ranked}", query.sql).replace(
                    "{final}", "TRUE" if final else "FALSE"
                )
                await db.conn.execute_query(
                    render(sql, db.postgres),
                    _values([metric.value, scope.value, win.period.value, win.key, taken_at,
                             *query.params, depth]),
                )  # fmt: skip
    flag = "TRUE" if final else "FALSE"
    return int(
        await db.scalar(
            "SELECT COUNT(*) AS n FROM leaderboard_snapshots WHERE taken_at = {ts} "
            f"AND final = {flag}",
            taken_at,
        )
        or 0
    )


async def take_snapshot(*, now: datetime | None = None) -> dict[str, Any]:
    """Snapshot the current boards and prune the daily snapshots past the kept number."""
    now = now or clock.now()
    written = await write_snapshot(current_windows(now), final=False, taken_at=now)
    pruned = await prune()
    return {"rows": written, "pruned": pruned}


async def prune() -> int:
    """Delete daily snapshot rows older than the last ``leaderboard_snapshots_kept`` runs."""
    keep = runtime.settings().leaderboard_snapshots_kept
    return await Sql().run(
        "DELETE FROM leaderboard_snapshots WHERE final = FALSE AND taken_at < (SELECT k.taken_at "
        "FROM (SELECT DISTINCT taken_at FROM leaderboard_snapshots WHERE final = FALSE "
        "ORDER BY taken_at DESC LIMIT 1 OFFSET ?) k)",
        keep - 1,
    )
