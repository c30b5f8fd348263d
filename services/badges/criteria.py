"""The badge criterion vocabulary: checking a criterion document when staff save it, and
compiling it to one set-based SELECT of ``(member_id, times)`` over a set of members.

``times`` is how many times a member meets the criterion (completed events // count, points //
at_least, seasons placed, ...). A one-time badge is held when ``times >= 1``; a repeatable
badge's occurrence k is held once ``times >= k``. Counts only grow with the source data, so a
rerun computes the same ``times`` and awards nothing new. The vocabulary is documented in
docs/badges.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import runtime
from models.routes import Route, Terrain
from services.core import clock
from services.errors import DomainError, ErrorCode

#: Upper bound of every threshold (and of a repeatable badge's occurrences per member).
MAX_THRESHOLD = 1_000_000_000
MAX_MONTHS = 120
METRICS = ("POINTS_EARNED", "EVENTS_COMPLETED", "CONTRIBUTION")
SCOPES = ("GLOBAL", "CIRCLE", "CITY")


class CriterionError(DomainError):
    """A refused criterion document, at ``("criterion", key)``: ``key`` is the document's own
    key (``min_difficulty``), JSON data to report as written, not the name of a parameter."""

    def __init__(self, code: ErrorCode, key: str | None = None, **params: Any) -> None:
        super().__init__(code, field=("criterion", key) if key else "criterion", **params)


@dataclass(frozen=True)
class Param:
    """One field of a criterion type."""

    required: bool
    check: Callable[[str, Any], Any]


def _threshold(limit: int) -> Callable[[str, Any], int]:
    def check(name: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= limit:
            raise CriterionError(ErrorCode.INVALID_THRESHOLD, name, what=name, max=limit)
        return value

    return check


def _terrain(name: str, value: Any) -> str:
    if value not in {terrain.value for terrain in Terrain}:
        raise CriterionError(ErrorCode.UNKNOWN_TERRAIN, name, what=str(value))
    return str(value)


def _one_of(choices: tuple[str, ...]) -> Callable[[str, Any], str]:
    def check(name: str, value: Any) -> str:
        if value not in choices:
            raise CriterionError(
                ErrorCode.CRITERION_INVALID, name, what=f"{name} is one of {', '.join(choices)}"
            )
        return str(value)

    return check


def _route_id(name: str, value: Any) -> int:
    """A route's database id, as a number or a string of digits (the API decodes a Route's
    global ID before it gets here); anything else names no route."""
    if isinstance(value, str):
        if not (value.isascii() and value.isdigit()):  # isdigit alone admits "²"
            raise CriterionError(ErrorCode.UNKNOWN_ROUTE, name)
        value = int(value)
    return _threshold(2**62)(name, value)


_COUNT = Param(True, _threshold(MAX_THRESHOLD))
#: type -> its fields. Adding a type means adding its fields here and a compiler below.
VOCABULARY: dict[str, dict[str, Param]] = {
    "events_completed": {
        "count": _COUNT,
        "min_difficulty": Param(False, _threshold(5)),
        "terrain": Param(False, _terrain),
    },
    "route_completed": {"route_id": Param(True, _route_id)},
    "points_earned": {"at_least": _COUNT},
    "contribution": {"at_least": _COUNT},
    "posts": {"at_least": _COUNT},
    "accepted_routes": {"at_least": _COUNT},
    "consecutive_months": {"months": Param(True, _threshold(MAX_MONTHS))},
    "season_rank": {
        "max_rank": _COUNT,
        "metric": Param(False, _one_of(METRICS)),
        "scope": Param(False, _one_of(SCOPES)),
    },
}


def parse(document: Any) -> dict[str, Any]:
    """The normalized criterion (``type`` first, fields in vocabulary order), or a DomainError
    naming the field at fault: UNKNOWN_CRITERION, INVALID_THRESHOLD (zero, negative, not a
    whole number), UNKNOWN_TERRAIN, UNKNOWN_ROUTE (malformed id), CRITERION_INVALID (not an
    object, a missing or unexpected field). Route existence is ``check_references``."""
    if not isinstance(document, Mapping):
        raise CriterionError(ErrorCode.CRITERION_INVALID, what="an object is expected")
    kind = document.get("type")
    spec = VOCABULARY.get(kind) if isinstance(kind, str) else None
    if spec is None:
        raise CriterionError(ErrorCode.UNKNOWN_CRITERION, "type", what=str(kind))
    unexpected = sorted(set(document) - set(spec) - {"type"})
    if unexpected:
        raise CriterionError(
            ErrorCode.CRITERION_INVALID, unexpected[0], what=f"{kind} has no field {unexpected[0]}"
        )
    parsed: dict[str, Any] = {"type": kind}
    for name, param in spec.items():
        if document.get(name) is None:
            if param.required:
                raise CriterionError(ErrorCode.CRITERION_INVALID, name, what=f"{kind} needs {name}")
            continue
        parsed[name] = param.check(name, document[name])
    return parsed


async def check_references(criterion: dict[str, Any]) -> None:
    """UNKNOWN_ROUTE when the criterion names a route that is not in the catalog."""
    route_id = criterion.get("route_id")
    if route_id is not None and not await Route.filter(id=route_id).exists():
        raise CriterionError(ErrorCode.UNKNOWN_ROUTE, "route_id")


async def validate(document: Any) -> dict[str, Any]:
    """``parse`` and ``check_references`` together: what a save runs."""
    criterion = parse(document)
    await check_references(criterion)
    return criterion


# --- compiling --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The members a statement covers, as a condition on a member id column: all members, an
    id range (a chunk of a full sweep) or explicit ids (the parameter built by ``Sql.ids``)."""

    kind: str
    params: tuple[Any, ...] = ()

    def condition(self, column: str) -> str:
        if self.kind == "range":
            return f"{column} BETWEEN ? AND ?"
        if self.kind == "ids":
            return f"{column} IN {{ids}}"
        return "1 = 1"


EVERYONE = Scope("all")


def id_range(low: int, high: int) -> Scope:
    return Scope("range", (low, high))


@dataclass(frozen=True)
class Compiled:
    """``SELECT member_id, times …`` for one criterion and scope, with its parameters in
    order. Placeholders are ``?`` and the dialect fragments of ``services.core.sql``."""

    sql: str
    params: tuple[Any, ...]


def compile_criterion(criterion: dict[str, Any], scope: Scope) -> Compiled:
    """One SELECT yielding each member of ``scope`` who meets ``criterion`` with ``times``."""
    return _COMPILERS[criterion["type"]](criterion, scope)


def _aggregate(
    source: str, column: str, filters: list[str], params: list[Any], scope: Scope,
    measure: str, threshold: int,
) -> Compiled:  # fmt: skip
    """``SELECT column, measure // threshold`` over ``source`` grouped by member. Thresholds
    are validated integers, written into the text so both drivers type them alike."""
    where = " AND ".join([*filters, scope.condition(column)])
    sql = (
        f"SELECT {column} AS member_id, CAST({measure} AS BIGINT) / {int(threshold)} AS times "
        f"FROM {source} WHERE {where} GROUP BY {column} HAVING {measure} >= {int(threshold)}"
    )
    return Compiled(sql, (*params, *scope.params))


_COMPLETED = (
    "event_registrations r JOIN events e ON e.id = r.event_id JOIN routes rt ON rt.id = e.route_id"
)


def _events_completed(c: dict[str, Any], scope: Scope) -> Compiled:
    filters, params = ["r.status = 'COMPLETED'"], []
    if "min_difficulty" in c:
        filters.append(f"rt.difficulty >= {int(c['min_difficulty'])}")
    if "terrain" in c:
        filters.append("rt.terrain = ?")
        params.append(c["terrain"])
    return _aggregate(_COMPLETED, "r.member_id", filters, params, scope, "COUNT(*)", c["count"])


def _route_completed(c: dict[str, Any], scope: Scope) -> Compiled:
    filters = ["r.status = 'COMPLETED'", f"e.route_id = {int(c['route_id'])}"]
    source = "event_registrations r JOIN events e ON e.id = r.event_id"
    return _aggregate(source, "r.member_id", filters, [], scope, "COUNT(*)", 1)


def _points_earned(c: dict[str, Any], scope: Scope) -> Compiled:
    return _aggregate(
        "ledger_entries le", "le.member_id", ["le.kind = 'EARN'"], [], scope,
        "SUM(le.amount)", c["at_least"],
    )  # fmt: skip


def _contribution(c: dict[str, Any], scope: Scope) -> Compiled:
    return _aggregate(
        "contribution_scores cs", "cs.member_id", ["cs.score > 0"], [], scope,
        "MAX(cs.score)", c["at_least"],
    )  # fmt: skip


def _posts(c: dict[str, Any], scope: Scope) -> Compiled:
    return _aggregate(
        "circle_posts p", "p.author_id", ["p.status = 'VISIBLE'"], [], scope,
        "COUNT(*)", c["at_least"],
    )  # fmt: skip


def _accepted_routes(c: dict[str, Any], scope: Scope) -> Compiled:
    source = "routes rt JOIN route_proposals rp ON rp.id = rt.source_proposal_id"
    return _aggregate(source, "rp.author_id", ["1 = 1"], [], scope, "COUNT(*)", c["at_least"])


def _consecutive_months(c: dict[str, Any], scope: Scope) -> Compiled:
    """Gaps and islands: each member's distinct local months with a completed event, minus
    their rank, is constant along a run of consecutive months. ``times`` sums, over the runs,
    how many whole ``months`` each run holds."""
    months = int(c["months"])
    month = _local_month_index("r.completed_at")
    sql = (
        "SELECT member_id, CAST(SUM(streak / {months}) AS BIGINT) AS times FROM ("
        " SELECT member_id, COUNT(*) AS streak FROM ("
        "  SELECT member_id, month_index, month_index - ROW_NUMBER() OVER "
        "(PARTITION BY member_id ORDER BY month_index) AS island FROM ("
        f"   SELECT DISTINCT r.member_id AS member_id, {month} AS month_index "
        "   FROM event_registrations r WHERE r.status = 'COMPLETED' "
        f"   AND r.completed_at IS NOT NULL AND {scope.condition('r.member_id')}"
        "  ) months"
        " ) islands GROUP BY member_id, island"
        ") streaks GROUP BY member_id HAVING MAX(streak) >= {months}"
    ).replace("{months}", str(months))
    return Compiled(sql, scope.params)


def _local_month_index(column: str) -> str:
    """``year * 12 + month`` of a timestamp in the platform zone. SQLite has no zone rules, so
    it shifts by the zone's current UTC offset (exact for zones without daylight saving, such
    as the default Asia/Shanghai)."""
    zone = runtime.settings().platform_timezone
    if _postgres():
        local = f"({column} AT TIME ZONE '{_quoted_zone(zone)}')"
        return (
            f"(CAST(EXTRACT(YEAR FROM {local}) AS INTEGER) * 12 "
            f"+ CAST(EXTRACT(MONTH FROM {local}) AS INTEGER))"
        )
    offset = clock.now().astimezone(ZoneInfo(zone)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    local = f"datetime({column}, '{minutes:+d} minutes')"
    return (
        f"(CAST(strftime('%Y', {local}) AS INTEGER) * 12 "
        f"+ CAST(strftime('%m', {local}) AS INTEGER))"
    )


def _quoted_zone(zone: str) -> str:
    ZoneInfo(zone)  # refuses anything that is not a zone name before it reaches SQL
    return zone.replace("'", "''")


def _postgres() -> bool:
    from tortoise import Tortoise

    return bool(Tortoise.get_connection("default").capabilities.dialect == "postgres")


def _season_rank(c: dict[str, Any], scope: Scope) -> Compiled:
    """Final season snapshots placing the member at ``max_rank`` or better; ``times`` counts
    the boards (season and scope) they placed on."""
    filters = [
        "ls.final = {true}",
        "ls.period = 'SEASON'",
        "ls.metric = ?",
        "ls.scope = ?",
        f"ls.rank <= {int(c['max_rank'])}",
    ]
    params = [c.get("metric", "POINTS_EARNED"), c.get("scope", "GLOBAL")]
    compiled = _aggregate(
        "leaderboard_snapshots ls", "ls.member_id", filters, params, scope,
        "COUNT(DISTINCT ls.period_key || ':' || ls.scope_id)", 1,
    )  # fmt: skip
    return Compiled(compiled.sql.replace("{true}", "TRUE" if _postgres() else "1"), compiled.params)


_COMPILERS: dict[str, Callable[[dict[str, Any], Scope], Compiled]] = {
    "events_completed": _events_completed,
    "route_completed": _route_completed,
    "points_earned": _points_earned,
    "contribution": _contribution,
    "posts": _posts,
    "accepted_routes": _accepted_routes,
    "consecutive_months": _consecutive_months,
    "season_rank": _season_rank,
}
