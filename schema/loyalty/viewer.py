"""Viewer fields owned by the loyalty domain: points, tier, contribution and coupons."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.core.pagination import to_connection
from schema.loyalty.catalog import CouponConnection, CouponNode
from schema.loyalty.standing import After, Contribution, First, Points, TierStatus, tier_status
from services.loyalty import views
from services.loyalty.catalog import CouponState, member_coupons
from services.pagination import PageArgs


@strawberry.type
class LoyaltyViewerFields:
    """Resolved on the request's ``schema.core.context.Viewer``, which is ``self`` here."""

    if TYPE_CHECKING:
        id: int  # the viewer's member id

    @strawberry.field(description="The viewer's points: balance, held, expiring and history.")
    async def points(self) -> Points:
        return Points.from_summary(await views.points_summary(self.id))

    @strawberry.field(description="The viewer's tier, progress to the next one and history.")
    async def tier(self) -> TierStatus:
        return await tier_status(self.id)

    @strawberry.field(description="The viewer's contribution score (not spendable).")
    def contribution(self) -> Contribution:
        return Contribution(member_id=self.id)

    @strawberry.field(description="The viewer's coupons, newest first.")
    async def coupons(
        self,
        first: First = None,
        after: After = None,
        status: Annotated[
            CouponState | None,
            strawberry.argument(description="Only coupons in this state."),
        ] = None,
    ) -> CouponConnection:
        page = await member_coupons(self.id, PageArgs(first=first, after=after), state=status)
        return to_connection(page, CouponNode.from_model)
