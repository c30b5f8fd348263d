"""Viewer fields owned by rankings: the viewer's place on a board."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

from schema.rankings.types import (
    LeaderboardStanding,
    MetricArg,
    PeriodArg,
    ScopeArg,
    ScopeId,
    board_scope_id,
)
from services.rankings import boards


@strawberry.type
class RankingViewerFields:
    """Resolved on the request's ``schema.core.context.Viewer``, which is ``self`` here."""

    if TYPE_CHECKING:
        id: int  # the viewer's member id

    @strawberry.field(
        description="The viewer's rank on a leaderboard of the current period, null when they "
        "have no score on it."
    )
    async def rank(
        self, metric: MetricArg, scope: ScopeArg, period: PeriodArg, scope_id: ScopeId = None
    ) -> LeaderboardStanding | None:
        found = await boards.standing(
            metric, scope, board_scope_id(scope, scope_id), period, self.id
        )
        if found is None:
            return None
        return LeaderboardStanding(
            rank=found.rank,
            score=found.score,
            movement=found.movement,
            period_key=found.period_key,
        )
