"""Live top 10 of a leaderboard."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator
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
from services import live
from services.rankings import boards
from services.rankings.announce import board_topic

#: At most one push per subscriber per this many seconds, however fast the board changes.
THROTTLE_SECONDS = 1.0
TOP = 10


@strawberry.type
class RankingSubscriptions:
    @strawberry.subscription(
        description="The board's top 10 (or the `first` after `after`) now, then again "
        "whenever it changes (at most once a second). Delivery is at most once: after the "
        "stream ends, subscribe again."
    )
    async def leaderboard_updates(
        self,
        info: Info,
        metric: MetricArg,
        scope: ScopeArg,
        period: PeriodArg,
        scope_id: ScopeId = None,
        first: Annotated[
            int, strawberry.argument(description="How many places to watch (at most 100).")
        ] = TOP,
        after: Annotated[
            str | None,
            strawberry.argument(description="Watch the places after this cursor, not the top."),
        ] = None,
    ) -> AsyncGenerator[LeaderboardConnection, None]:
        board = await boards.resolve_board(metric, scope, board_scope_id(scope, scope_id), period)
        async with live.current_hub().subscription(board_topic(board)) as changes:
            page = await boards.ranked_rows(
                metric, scope, board.scope_id, period, first=first, after=after
            )
            last, pushed_at = _signature(page), time.monotonic()
            yield await to_connection(info, page)
            async for _ in changes:
                wait = THROTTLE_SECONDS - (time.monotonic() - pushed_at)
                if wait > 0:
                    await asyncio.sleep(wait)
                page = await boards.ranked_rows(
                    metric, scope, board.scope_id, period, first=first, after=after
                )
                if _signature(page) == last:
                    continue
                last, pushed_at = _signature(page), time.monotonic()
                yield await to_connection(info, page)


def _signature(page: boards.RankedRows) -> list[tuple[int, int, int]]:
    return [(row.member_id, row.score, row.rank) for row in page.rows]
