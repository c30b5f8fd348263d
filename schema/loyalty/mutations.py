"""Member loyalty mutations: the daily check-in and redeeming a reward."""

from __future__ import annotations

import strawberry

from schema.core.context import Info
from schema.core.errors import UserError, user_errors
from schema.loyalty.inputs import RedeemRewardInput, node_key
from schema.loyalty.standing import Points
from schema.loyalty.types import CouponNode, PointsEntryNode
from services.errors import DomainError
from services.loyalty import views
from services.loyalty.checkin import daily_check_in
from services.loyalty.rewards import redeem_reward


async def points_of(member_id: int) -> Points:
    summary = await views.points_summary(member_id)
    return Points(member_id=member_id, balance=summary.balance, held=summary.held,
                  lifetime_earned=summary.lifetime_earned)  # fmt: skip


@strawberry.type(description="Result of the daily check-in.")
class DailyCheckInPayload:
    entry: PointsEntryNode | None = strawberry.field(description="The points earned.")
    points: Points | None = strawberry.field(description="The viewer's points afterwards.")
    errors: list[UserError] = strawberry.field(description="Why nothing was changed, if so.")


@strawberry.type(description="Result of redeeming a reward.")
class RedeemRewardPayload:
    coupon: CouponNode | None = strawberry.field(description="The coupon issued.")
    points: Points | None = strawberry.field(description="The viewer's points afterwards.")
    errors: list[UserError] = strawberry.field(description="Why nothing was changed, if so.")


@strawberry.type
class LoyaltyMutations:
    @strawberry.mutation(
        description="Check in for today (once per day, platform time) and earn points."
    )
    async def daily_check_in(self, info: Info) -> DailyCheckInPayload:
        viewer = await info.context.require_viewer()
        try:
            posted = await daily_check_in(actor=viewer)
        except DomainError as error:
            return DailyCheckInPayload(
                entry=None, points=None, errors=user_errors(error, info.context.locale)
            )
        return DailyCheckInPayload(
            entry=PointsEntryNode.from_model(posted.entry),
            points=await points_of(viewer.id),
            errors=[],
        )

    @strawberry.mutation(
        description="Spend points on a reward and receive a coupon. Retrying with the same "
        "idempotencyKey returns the same coupon."
    )
    async def redeem_reward(self, info: Info, input: RedeemRewardInput) -> RedeemRewardPayload:
        viewer = await info.context.require_viewer()
        try:
            redeemed = await redeem_reward(
                actor=viewer,
                reward_id=node_key(input.reward_id, "Reward", ["input", "rewardId"]),
                idempotency_key=input.idempotency_key,
            )
        except DomainError as error:
            return RedeemRewardPayload(
                coupon=None, points=None, errors=user_errors(error, info.context.locale)
            )
        return RedeemRewardPayload(
            coupon=CouponNode.from_model(redeemed.coupon),
            points=await points_of(viewer.id),
            errors=[],
        )
