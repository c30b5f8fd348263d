"""Staff loyalty mutations: verifying coupons (dealers), adjusting and granting points
(admins). The services check the roles; a member gets FORBIDDEN in ``errors``."""

from __future__ import annotations

import strawberry

from schema.core.context import Info
from schema.core.ids import Id
from schema.core.runner import run
from schema.loyalty.mutations.inputs import AdjustPointsInput, GrantPointsInput, VerifyCouponInput
from schema.loyalty.mutations.payloads import (
    AdjustPointsPayload,
    GrantPointsPayload,
    VerifyCouponPayload,
)
from schema.members.types import MemberNode
from services.loyalty import coupons, staff


@strawberry.type
class LoyaltyStaffMutations:
    @strawberry.mutation(description="Use a coupon at a dealer (dealer staff or admins), once.")
    async def verify_coupon(self, info: Info, input: VerifyCouponInput) -> VerifyCouponPayload:
        return await run(info, VerifyCouponPayload, coupons.verify_coupon, code=input.code)

    @strawberry.mutation(description="Add or remove a member's points with a reason (admins).")
    async def adjust_points(self, info: Info, input: AdjustPointsInput) -> AdjustPointsPayload:
        return await run(
            info,
            AdjustPointsPayload,
            staff.adjust_points,
            member_id=Id(input.member_id, MemberNode),
            amount=input.amount,
            reason=input.reason,
            idempotency_key=input.idempotency_key,
            request_id=info.context.request_id,
        )

    @strawberry.mutation(description="Grant points to up to 10,000 members in one call (admins).")
    async def grant_points(self, info: Info, input: GrantPointsInput) -> GrantPointsPayload:
        return await run(
            info,
            GrantPointsPayload,
            staff.grant_points,
            member_ids=Id(input.member_ids, MemberNode),
            amount=input.amount,
            reason=input.reason,
            reason_code=input.reason_code,
            idempotency_key=input.idempotency_key,
            request_id=info.context.request_id,
        )
