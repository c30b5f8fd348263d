"""Viewer fields owned by the loyalty domain: points, tier, contribution and coupons."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.core.pagination import to_connection
from schema.loyalty.standing import After, Contribution, First, Points, TierStatus, tier_status
from schema.loyalty.types import CouponConnection, CouponNode, CouponStateEnum
from services.loyalty import views
from services.loyalty.catalog import CouponState, member_coupons
from services.pagination import PageArgs

if TYPE_CHECKING:
    from schema.core.context import Viewer


@strawberry.type
class LoyaltyViewerFields:
    @strawberry.field(description="The viewer's points: balance, held, expiring and history.")
    async def points(self) -> Points:
        viewer: Viewer = self  # type: ignore[assignment]
        summary = await views.points_summary(viewer.id)
        return Points(
            member_id=viewer.id,
            balance=summary.balance,
            held=summary.held,
            lifetime_earned=summary.lifetime_earned,
        )

    @strawberry.field(description="The viewer's tier, progress to the next one and history.")
    async def tier(self) -> TierStatus:
        viewer: Viewer = self  # type: ignore[assignment]
        return await tier_status(viewer.id)

    @strawberry.field(description="The viewer's contribution score (not spendable).")
    def contribution(self) -> Contribution:
        viewer: Viewer = self  # type: ignore[assignment]
        return Contribution(member_id=viewer.id)

    @strawberry.field(description="The viewer's coupons, newest first.")
    async def coupons(
        self,
        first: First = None,
        after: After = None,
        status: Annotated[
            CouponStateEnum | None,  # type: ignore[valid-type]
            strawberry.argument(description="Only coupons in this state."),
        ] = None,
    ) -> CouponConnection:
        viewer: Viewer = self  # type: ignore[assignment]
        page = await member_coupons(
            viewer.id,
            PageArgs(first=first, after=after),
            state=CouponState(status.value) if status else None,
        )
        return to_connection(page, CouponNode.from_model)
