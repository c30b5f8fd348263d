"""The staff mutation that rebuilds the leaderboards."""

from __future__ import annotations

from typing import Any, Self

import strawberry

from schema.core.context import Info
from schema.core.payload import Payload
from schema.core.runner import run
from schema.rankings.enums import Metric
from services.rankings import staff


@strawberry.input(description="Which boards to rebuild.")
class RebuildLeaderboardsInput:
    metrics: list[Metric] | None = strawberry.field(
        default=None, description="Only the boards of these metrics (default: all)."
    )


@strawberry.type(description="The outcome of a leaderboard rebuild.")
class RebuildLeaderboardsPayload(Payload):
    rebuilt: bool = strawberry.field(
        default=False,
        description="True when this call rebuilt the boards, false when a rebuild was already "
        "running (it will serve the same data) or on error.",
    )
    boards: int = strawberry.field(default=0, description="Boards written.")

    @classmethod
    def of(cls, result: dict[str, Any]) -> Self:
        """``result`` is the rebuild's summary (``skipped`` when another one was running)."""
        return cls(rebuilt="skipped" not in result, boards=int(result.get("boards", 0)))


@strawberry.type
class RankingMutations:
    @strawberry.mutation(
        description="Rebuild every leaderboard of the current periods from the database now "
        "(admins)."
    )
    async def rebuild_leaderboards(
        self, info: Info, input: RebuildLeaderboardsInput | None = None
    ) -> RebuildLeaderboardsPayload:
        return await run(
            info,
            RebuildLeaderboardsPayload,
            staff.rebuild_now,
            metrics=input.metrics if input else None,
        )
