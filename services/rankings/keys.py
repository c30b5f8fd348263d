"""Board identities and their Redis keys.

A board is a sorted set of members (zero-padded ids, so equal scores order by id) scored by
the negated score (so ``ZRANGE`` ascending is best first, ties by member id ascending). Beside
it: ``|d``, the distinct scores (for dense ranks in one ``ZCOUNT``), ``|c``, how many members
hold each score, and ``|w``, the watermark the board is complete up to. A board *set* (one
metric, scope kind and period) has its own ``|w`` once a rebuild has written all of its boards,
so a missing board in a built set is an empty board, not an unbuilt one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import runtime
from models.rankings import Metric, Period, Scope
from services.rankings.periods import Window, window

MEMBER_WIDTH = 12


def member_token(member_id: int) -> str:
    return f"{member_id:0{MEMBER_WIDTH}d}"


@dataclass(frozen=True)
class Board:
    metric: Metric
    scope: Scope
    scope_id: str
    period: Period
    period_key: str

    @classmethod
    def current(
        cls, metric: Metric, scope: Scope, scope_id: str, period: Period, now: datetime
    ) -> Board:
        return cls(metric, scope, scope_id, period, window(period, now).key)

    @property
    def key(self) -> str:
        return runtime.key(
            "lb", self.metric, self.scope, self.period, self.period_key, "=", self.scope_id
        )

    @property
    def set_key(self) -> str:
        return board_set_key(self.metric, self.scope, self.period, self.period_key)

    @property
    def topic_parts(self) -> tuple[str, ...]:
        """The live topic a board's changes are announced on (its current period)."""
        return ("leaderboard", self.metric, self.scope, self.period, self.scope_id)


def board_set_key(metric: Metric, scope: Scope, period: Period, period_key: str) -> str:
    return runtime.key("lbset", metric, scope, period, period_key)


def cursor_key(metric: Metric) -> str:
    """How far the incremental applier of ``metric`` has read its source table."""
    return runtime.key("lb", "cursor", metric)


def rebuild_lock_key() -> str:
    return runtime.key("lb", "rebuilding")


def live_apply_key() -> str:
    """Held for one live-apply interval by the process applying entries for live boards."""
    return runtime.key("lb", "live-apply")


def applied_key(registration_id: int) -> str:
    """Marks an event completion as counted on the boards."""
    return runtime.key("lb", "completed", registration_id)


def ttl_seconds(win: Window, now: datetime) -> int:
    """How long a period's boards are kept: a week past its end (0: for ever)."""
    if win.end is None:
        return 0
    return max(int((win.end - now).total_seconds()) + 7 * 86400, 60)
