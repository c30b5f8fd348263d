"""The staff mutation that rebuilds the leaderboards."""

from __future__ import annotations

import strawberry

from models.rankings import Metric
from schema.core.context import Info
from schema.core.errors import UserError, user_errors
from schema.rankings.types import LeaderboardMetricEnum
from services.errors import DomainError
from services.rankings.staff import rebuild_now


@strawberry.input(description="Which boards to rebuild.")
class RebuildLeaderboardsInput:
    metrics: list[LeaderboardMetricEnum] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only the boards of these metrics (default: all)."
    )


@strawberry.type(description="The outcome of a leaderboard rebuild.")
class RebuildLeaderboardsPayload:
    rebuilt: bool = strawberry.field(
        description="True when this call rebuilt the boards, false when a rebuild was already "
        "running (it will serve the same data) or on error."
    )
    boards: int = strawberry.field(description="Boards written.")
    errors: list[UserError] = strawberry.field(description="Why nothing was done, if so.")


@strawberry.type
class RankingMutations:
    @strawberry.mutation(
        description="Rebuild every leaderboard of the current periods from the database now "
        "(admins)."
    )
    async def rebuild_leaderboards(
        self, info: Info, input: RebuildLeaderboardsInput | None = None
    ) -> RebuildLeaderboardsPayload:
        viewer = await info.context.require_viewer()
        only = [Metric(metric) for metric in input.metrics] if input and input.metrics else None
        try:
            summary = await rebuild_now(actor=viewer, only=only)
        except DomainError as error:
            return RebuildLeaderboardsPayload(
                rebuilt=False, boards=0, errors=user_errors(error, info.context.locale)
            )
        return RebuildLeaderboardsPayload(
            rebuilt="skipped" not in summary, boards=int(summary.get("boards", 0)), errors=[]
        )
