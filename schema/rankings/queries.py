"""The leaderboard query."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry

from schema.core.context import Info
from schema.rankings.types import (
    LeaderboardConnection,
    MetricArg,
    PeriodArg,
    ScopeArg,
    ScopeId,
    board_scope_id,
    to_connection,
)
from services.rankings import boards


@strawberry.type
class RankingQueries:
    @strawberry.field(
        description="A leaderboard of the current period, best first (keyset-paginated). An "
        "unknown circle is NOT_FOUND, a blank city INVALID_INPUT."
    )
    async def leaderboard(
        self,
        info: Info,
        metric: MetricArg,
        scope: ScopeArg,
        period: PeriodArg,
        scope_id: ScopeId = None,
        first: Annotated[
            int | None, strawberry.argument(description="Page size (at most 100).")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor to continue after.")
        ] = None,
    ) -> LeaderboardConnection:
        # the viewer (whose access decides what the page shows of each member) loads while
        # the board is read, not after it
        found, _ = await asyncio.gather(
            boards.ranked_rows(
                metric, scope, board_scope_id(scope, scope_id), period, first=first, after=after
            ),
            info.context.viewer(),
        )
        return await to_connection(info, found)
