"""Viewer fields owned by rankings: the viewer's place on a board."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

from schema.rankings.queries import ScopeId
from schema.rankings.types import (
    LeaderboardMetricEnum,
    LeaderboardPeriodEnum,
    LeaderboardScopeEnum,
    LeaderboardStanding,
)
from services.rankings import boards

if TYPE_CHECKING:
    from schema.core.context import Viewer


@strawberry.type
class RankingViewerFields:
    @strawberry.field(
        description="The viewer's rank on a leaderboard of the current period, null when they "
        "have no score on it."
    )
    async def rank(
        self,
        metric: LeaderboardMetricEnum,  # type: ignore[valid-type]
        scope: LeaderboardScopeEnum,  # type: ignore[valid-type]
        period: LeaderboardPeriodEnum,  # type: ignore[valid-type]
        scope_id: ScopeId = None,
    ) -> LeaderboardStanding | None:
        viewer: Viewer = self  # type: ignore[assignment]
        found = await boards.standing(metric, scope, scope_id, period, viewer.id)
        if found is None:
            return None
        return LeaderboardStanding(
            rank=found.rank, score=found.score, movement=found.movement,
            period_key=found.period_key,
        )  # fmt: skip
