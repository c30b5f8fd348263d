"""Rankings: snapshots of leaderboard ranks (for movement and frozen season results) and the
claim that closes each season exactly once.

The live boards themselves are Redis sorted sets rebuilt from the ledger, contribution and
event tables (``services.rankings``); nothing here is the only copy of a score.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class Metric(StrEnum):
    POINTS_EARNED = "POINTS_EARNED"
    EVENTS_COMPLETED = "EVENTS_COMPLETED"
    CONTRIBUTION = "CONTRIBUTION"


class Scope(StrEnum):
    GLOBAL = "GLOBAL"
    CIRCLE = "CIRCLE"
    CITY = "CITY"


class Period(StrEnum):
    WEEK = "WEEK"
    MONTH = "MONTH"
    SEASON = "SEASON"
    ALL_TIME = "ALL_TIME"


class SeasonCloseStatus(StrEnum):
    CLOSING = "CLOSING"
    CLOSED = "CLOSED"


class LeaderboardSnapshot(Model):
    """One member's rank on one board at one moment. ``final`` rows are a closed season's
    frozen result (what season awards and the ``season_rank`` badge criterion read)."""

    id = fields.BigIntField(primary_key=True)
    metric = fields.CharEnumField(Metric, max_length=16)
    scope = fields.CharEnumField(Scope, max_length=8)
    #: '' for GLOBAL, the circle id as text for CIRCLE, the city name for CITY.
    scope_id = fields.CharField(max_length=64, default="")
    period = fields.CharEnumField(Period, max_length=8)
    #: Which week, month or season: ``2026-W48``, ``2026-11``, ``2026Q4`` or ``all``.
    period_key = fields.CharField(max_length=16)
    member_id = fields.BigIntField()
    #: Dense rank (ties share a rank, the next score gets the next integer).
    rank = fields.IntField()
    score = fields.BigIntField()
    final = fields.BooleanField(default=False)
    taken_at = fields.DatetimeField()

    class Meta:
        table = "leaderboard_snapshots"
        indexes = [
            ("metric", "scope", "scope_id", "period", "period_key", "taken_at", "member_id"),
            ("period", "final", "rank"),
            ("taken_at",),
        ]


class SeasonClose(Model):
    """The claim of closing one season: the unique ``season_key`` lets one closer in, a stale
    CLOSING claim (its closer died) may be taken over after a lease."""

    id = fields.BigIntField(primary_key=True)
    #: The quarter, e.g. ``2026Q3``.
    season_key = fields.CharField(max_length=8, unique=True)
    status = fields.CharEnumField(SeasonCloseStatus, max_length=8)
    claimed_at = fields.DatetimeField()
    closed_at = fields.DatetimeField(null=True)
    #: Counts of what closing did (final rows, awards), for the job history.
    summary: dict[str, Any] | None = fields.JSONField(null=True)  # type: ignore[assignment]

    class Meta:
        table = "season_closes"


#: Indexes on other domains' entry tables that the period aggregates read (covering, so a
#: week's or a month's scores are an index range scan, not a scan of the whole ledger).
POSTGRES_DDL: list[str] = [
    "CREATE INDEX IF NOT EXISTS ledger_entries_earned_at ON ledger_entries (created_at) "
    "INCLUDE (member_id, amount) WHERE kind = 'EARN' AND amount > 0",
    "CREATE INDEX IF NOT EXISTS contribution_entries_created_at ON contribution_entries "
    "(created_at) INCLUDE (member_id, amount)",
]

SQLITE_DDL: list[str] = [
    "CREATE INDEX IF NOT EXISTS ledger_entries_earned_at ON ledger_entries "
    "(created_at, member_id, amount) WHERE kind = 'EARN' AND amount > 0",
    "CREATE INDEX IF NOT EXISTS contribution_entries_created_at ON contribution_entries "
    "(created_at, member_id, amount)",
]
