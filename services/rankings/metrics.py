"""The scores of every board, computed in SQL from the tables that are the truth.

One statement per (metric, period, scope kind): each member's score in the period is
aggregated once, then joined to the scope (the member's city, their ACTIVE circles, or nothing
for GLOBAL). Deleted members and scores of zero or less are left out. Rows come ordered by
board, score descending, member id ascending: the order every board is served in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from models.rankings import Metric, Scope
from services.rankings.periods import Window


@dataclass(frozen=True)
class Source:
    """Where a metric's entries live and how one member's score is summed."""

    select: str
    #: The column that places an entry in a period.
    at: str
    #: The column the incremental appliers advance on (an id, or the completion time).
    mark: str


SOURCES: dict[Metric, Source] = {
    Metric.POINTS_EARNED: Source(
        "SELECT e.member_id, CAST(SUM(e.amount) AS BIGINT) AS score FROM ledger_entries e "
        "WHERE e.kind = 'EARN' AND e.amount > 0",
        at="e.created_at",
        mark="e.id",
    ),
    Metric.CONTRIBUTION: Source(
        "SELECT e.member_id, CAST(SUM(e.amount) AS BIGINT) AS score "
        "FROM contribution_entries e WHERE 1 = 1",
        at="e.created_at",
        mark="e.id",
    ),
    Metric.EVENTS_COMPLETED: Source(
        "SELECT e.member_id, COUNT(*) AS score FROM event_registrations e "
        "WHERE e.status = 'COMPLETED' AND e.completed_at IS NOT NULL",
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


def every_board(metric: Metric, window: Window, *, upto: int | datetime | None = None) -> Query:
    """``kind, scope_key, scope_id, member_id, score`` of every board of the period (all scope
    kinds, ``kind`` indexing ``KINDS``), grouped board by board (Redis orders each board's
    members itself, so only the grouping is sorted here). Members' scores are aggregated once
    for the three kinds; ``{bytewise}`` is the dialect's byte-order collation (city boards need
    grouping, not a linguistic order)."""
    inner = member_scores(metric, window, upto=upto)
    sql = (
        f"WITH s AS ({inner.sql}), "
        "live AS (SELECT s.member_id, s.score, m.city FROM s JOIN members m "
        "ON m.id = s.member_id WHERE m.deleted_at IS NULL AND s.score > 0) "
        "SELECT 0 AS kind, 0 AS scope_key, '' AS scope_id, member_id, score FROM live "
        "UNION ALL SELECT 1, 0, city{bytewise}, member_id, score FROM live "
        "WHERE city IS NOT NULL AND city <> '' "
        "UNION ALL SELECT 2, cm.circle_id, CAST(cm.circle_id AS TEXT), live.member_id, "
        "live.score FROM live JOIN circle_memberships cm ON cm.member_id = live.member_id "
        "AND cm.status = 'ACTIVE' "
        "ORDER BY kind, scope_key, scope_id"
    )
    return Query(sql, list(inner.params))


def ranked(query: Query) -> Query:
    """The rows of ``board_scores`` with their dense rank on their board."""
    return Query(
        "SELECT b.scope_id, b.member_id, b.score, DENSE_RANK() OVER "
        f"(PARTITION BY b.scope_id ORDER BY b.score DESC) AS rank FROM ({query.sql}) b",
        query.params,
    )
