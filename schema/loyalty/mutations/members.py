"""Members' loyalty mutations: the daily check-in and redeeming a reward."""

from __future__ import annotations

import strawberry

from models.loyalty import Coupon, LedgerEntry
from schema.core.context import Info
from schema.core.ids import Id
from schema.core.runner import run
from schema.loyalty.catalog import RewardNode
from schema.loyalty.mutations.inputs import RedeemRewardInput
from schema.loyalty.mutations.payloads import DailyCheckInPayload, RedeemRewardPayload
from services.core.actors import Actor
from services.loyalty import checkin, rewards, views
from services.loyalty.views import PointsSummary


async def check_in(*, actor: Actor) -> tuple[LedgerEntry, PointsSummary]:
    """The check-in's entry, and the viewer's points once it is written."""
    posted = await checkin.daily_check_in(actor=actor)
    return posted.entry, await views.points_summary(actor.id)


async def redeem(
    *, actor: Actor, reward_id: int, idempotency_key: str
) -> tuple[Coupon, PointsSummary]:
    """The coupon issued (or replayed), and the viewer's points once it is paid for."""
    redeemed = await rewards.redeem_reward(
        actor=actor, reward_id=reward_id, idempotency_key=idempotency_key
    )
    return redeemed.coupon, await views.points_summary(actor.id)


@strawberry.type
class LoyaltyMutations:
    @strawberry.mutation(
        description="Check in for today (once per day, platform time) and earn points."
    )
    async def daily_check_in(self, info: Info) -> DailyCheckInPayload:
        return await run(info, DailyCheckInPayload, check_in)

    @strawberry.mutation(
        description="Spend points on a reward and receive a coupon. Retrying with the same "
        "idempotencyKey returns the same coupon."
    )
    async def redeem_reward(self, info: Info, input: RedeemRewardInput) -> RedeemRewardPayload:
        return await run(
            info,
            RedeemRewardPayload,
            redeem,
            reward_id=Id(input.reward_id, RewardNode),
            idempotency_key=input.idempotency_key,
        )
