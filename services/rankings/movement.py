"""Movement: each member's rank in the board's latest snapshot, to compare with the live rank."""

from __future__ import annotations

from collections.abc import Sequence

from services.core.sql import Sql
from services.rankings.keys import Board

_PREVIOUS = (
    "SELECT s.member_id, s.rank FROM leaderboard_snapshots s WHERE s.metric = ? AND s.scope = ? "
    "AND s.scope_id = ? AND s.period = ? AND s.period_key = ? AND s.final = FALSE "
    "AND s.member_id IN {ids} AND s.taken_at = (SELECT MAX(l.taken_at) "
    "FROM leaderboard_snapshots l WHERE l.metric = ? AND l.scope = ? AND l.scope_id = ? "
    "AND l.period = ? AND l.period_key = ? AND l.final = FALSE)"
)


async def previous_ranks(board: Board, member_ids: Sequence[int]) -> dict[int, int]:
    """Rank in the latest snapshot of ``board`` of each of ``member_ids`` that was in it (one
    query whatever the number of members)."""
    if not member_ids:
        return {}
    db = Sql()
    identity = [board.metric.value, board.scope.value, board.scope_id, board.period.value,
                board.period_key]  # fmt: skip
    rows = await db.rows(_PREVIOUS, *identity, db.ids(member_ids), *identity)
    return {int(row["member_id"]): int(row["rank"]) for row in rows}
