"""The scores of every board, computed in SQL from the tables that are the truth.

Each member's score in a period is aggregated once, then joined to the scope (the member's
city, their ACTIVE circles, or nothing for GLOBAL). Deleted members and scores of zero or less
are left out. ``board_scores`` serves one scope kind of one period; the full rebuild reads
``every_board``, all periods and scope kinds of a metric in one statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from models.rankings import Metric, Scope
from services.rankings.periods import Window


@dataclass(frozen=True)
class Source:
    """Where a metric's entries live and what one entry adds to a member's score."""

    #: What one entry adds to the score.
    value: str
    #: ``FROM ... WHERE ...`` of the entries that count.
    origin: str
    #: The column that places an entry in a period.
    at: str
    #: The column the incremental appliers advance on (an id, or the completion time).
    mark: str

    @property
    def select(self) -> str:
        return f"SELECT e.member_id, CAST(SUM({self.value}) AS BIGINT) AS score {self.origin}"


SOURCES: dict[Metric, Source] = {
    Metric.POINTS_EARNED: Source(
        "e.amount",
        "FROM ledger_entries e WHERE e.kind = 'EARN' AND e.amount > 0",
        at="e.created_at",
        mark="e.id",
    ),
    Metric.CONTRIBUTION: Source(
        "e.amount", "FROM contribution_entries e WHERE 1 = 1", at="e.created_at", mark="e.id"
    ),
    Metric.EVENTS_COMPLETED: Source(
        "1",
        "FROM event_registrations e WHERE e.status = 'COMPLETED' AND e.completed_at IS NOT NULL",
        at="e.completed_at",
        mark="e.completed_at",
    ),
}

_SCOPE_ID = {
    Scope.GLOBAL: "''",
    Scope.CITY: "m.city",
    Scope.CIRCLE: "CAST(cm.circle_id AS TEXT)",
}


@dataclass(frozen=True)
class Query:
    sql: str
    params: list[Any]


def member_scores(metric: Metric, window: Window, *, upto: int | datetime | None = None) -> Query:
    """``member_id, score`` of every member with entries in ``window`` (up to the mark
    ``upto`` when given: an entry id, or a completion time for events)."""
    source = SOURCES[metric]
    sql, params = [source.select], list[Any]()
    if window.start is not None:
        sql.append(f"AND {source.at} >= {{ts}}")
        params.append(window.start)
    if window.end is not None:
        sql.append(f"AND {source.at} < {{ts}}")
        params.append(window.end)
    if upto is not None:
        sql.append(f"AND {source.mark} <= " + ("{ts}" if isinstance(upto, datetime) else "?"))
        params.append(upto)
    sql.append("GROUP BY e.member_id")
    return Query(" ".join(sql), params)


def board_scores(
    metric: Metric,
    window: Window,
    scope: Scope,
    *,
    scope_id: str | None = None,
    upto: int | datetime | None = None,
) -> Query:
    """``scope_id, member_id, score`` of every board of one scope kind (or of the one board
    ``scope_id``), ordered board by board, best first."""
    inner = member_scores(metric, window, upto=upto)
    sql = [
        f"SELECT {_SCOPE_ID[scope]} AS scope_id, s.member_id AS member_id, s.score AS score "
        f"FROM ({inner.sql}) s JOIN members m ON m.id = s.member_id"
    ]
    params = list(inner.params)
    if scope == Scope.CIRCLE:
        sql.append("JOIN circle_memberships cm ON cm.member_id = s.member_id")
        sql.append("AND cm.status = 'ACTIVE'")
    sql.append("WHERE m.deleted_at IS NULL AND s.score > 0")
    if scope == Scope.CITY:
        sql.append("AND m.city IS NOT NULL AND m.city <> ''")
    if scope_id is not None:
        if scope == Scope.CITY:
            sql.append("AND m.city = ?")
            params.append(scope_id)
        elif scope == Scope.CIRCLE:
            sql.append("AND cm.circle_id = ?")
            params.append(int(scope_id))
    return Query(" ".join(sql), params)


#: The scope kinds of ``every_board`` rows, in the order they come.
KINDS: tuple[Scope, ...] = (Scope.GLOBAL, Scope.CITY, Scope.CIRCLE)


def every_board(
    metric: Metric, windows: list[Window], *, upto: int | datetime | None = None
) -> Query:
    """``kind, scope_key, scope_id, member_id`` and one score per window of every board of
    the periods ``windows`` (all scope kinds, ``kind`` indexing ``KINDS``), grouped board by
    board (Redis orders each board's members itself, so only the grouping is sorted here).
    One scan sums every period at once (an entry adds to each window it falls in) and the
    scores are joined to the scopes once for all periods; a member is left out when no score
    is above zero. ``{bytewise}`` is the dialect's byte-order collation (city boards need
    grouping, not a linguistic order)."""
    source, params = SOURCES[metric], list[Any]()
    sums = []
    for index, win in enumerate(windows):
        bounds = []
        if win.start is not None:
            bounds.append(f"{source.at} >= {{ts}}")
            params.append(win.start)
        if win.end is not None:
            bounds.append(f"{source.at} < {{ts}}")
            params.append(win.end)
        value = (
            f"CASE WHEN {' AND '.join(bounds)} THEN {source.value} ELSE 0 END"
            if bounds
            else source.value
        )
        sums.append(f"CAST(SUM({value}) AS BIGINT) AS s{index}")
    where = ""
    if upto is not None:
        where = f"AND {source.mark} <= " + ("{ts}" if isinstance(upto, datetime) else "?")
        params.append(upto)
    scores = ", ".join(f"s{index}" for index in range(len(windows)))
    live_scores = ", ".join(f"s.s{index}" for index in range(len(windows)))
    some_above_zero = " OR ".join(f"s.s{index} > 0" for index in range(len(windows)))
    sql = (
        f"WITH s AS (SELECT e.member_id, {', '.join(sums)} {source.origin} {where} "
        "GROUP BY e.member_id), "
        f"live AS (SELECT s.member_id, {live_scores}, m.city FROM s JOIN members m "
        f"ON m.id = s.member_id WHERE m.deleted_at IS NULL AND ({some_above_zero})) "
        f"SELECT 0 AS kind, 0 AS scope_key, '' AS scope_id, member_id, {scores} FROM live "
        f"UNION ALL SELECT 1, 0, city{{bytewise}}, member_id, {scores} FROM live "
        "WHERE city IS NOT NULL AND city <> '' "
        "UNION ALL SELECT 2, cm.circle_id, CAST(cm.circle_id AS TEXT), live.member_id, "
        + ", ".join(f"live.s{index}" for index in range(len(windows)))
        + " FROM live JOIN circle_memberships cm ON cm.member_id = live.member_id "
        "AND cm.status = 'ACTIVE' "
        "ORDER BY kind, scope_key, scope_id"
    )
    return Query(sql, params)


def ranked(query: Query) -> Query:
    """The rows of ``board_scores`` with their dense rank on their board."""
    return Query(
        "SELECT b.scope_id, b.member_id, b.score, DENSE_RANK() OVER "
        f"(PARTITION BY b.scope_id ORDER BY b.score DESC) AS rank FROM ({query.sql}) b",
        query.params,
    )
