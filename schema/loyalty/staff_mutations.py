"""Staff loyalty mutations: verifying coupons (dealers), adjusting and granting points
(admins). The services check the roles; a member gets FORBIDDEN in ``errors``."""

from __future__ import annotations

import strawberry

from schema.core.context import Info
from schema.core.errors import UserError, user_errors
from schema.loyalty.inputs import AdjustPointsInput, GrantPointsInput, VerifyCouponInput, node_key
from schema.loyalty.types import CouponNode, PointsEntryNode
from services.errors import DomainError
from services.loyalty.coupons import verify_coupon
from services.loyalty.staff import adjust_points, grant_points


@strawberry.type(description="Result of verifying a coupon.")
class VerifyCouponPayload:
    coupon: CouponNode | None = strawberry.field(description="The coupon, now used.")
    errors: list[UserError] = strawberry.field(description="Why nothing was changed, if so.")


@strawberry.type(description="Result of adjusting a member's points.")
class AdjustPointsPayload:
    entry: PointsEntryNode | None = strawberry.field(description="The ADJUST entry written.")
    errors: list[UserError] = strawberry.field(description="Why nothing was changed, if so.")


@strawberry.type(description="Result of a bulk grant.")
class GrantPointsPayload:
    granted_count: int = strawberry.field(description="Members credited by this grant.")
    errors: list[UserError] = strawberry.field(description="Why nothing was changed, if so.")


@strawberry.type
class LoyaltyStaffMutations:
    @strawberry.mutation(description="Use a coupon at a dealer (dealer staff or admins), once.")
    async def verify_coupon(self, info: Info, input: VerifyCouponInput) -> VerifyCouponPayload:
        viewer = await info.context.require_viewer()
        try:
            coupon = await verify_coupon(actor=viewer, code=input.code)
        except DomainError as error:
            return VerifyCouponPayload(coupon=None, errors=user_errors(error, info.context.locale))
        return VerifyCouponPayload(coupon=CouponNode.from_model(coupon), errors=[])

    @strawberry.mutation(description="Add or remove a member's points with a reason (admins).")
    async def adjust_points(self, info: Info, input: AdjustPointsInput) -> AdjustPointsPayload:
        viewer = await info.context.require_viewer()
        try:
            posted = await adjust_points(
                actor=viewer,
                member_id=node_key(input.member_id, "Member", ["input", "memberId"]),
                amount=input.amount,
                reason=input.reason,
                idempotency_key=input.idempotency_key,
                request_id=info.context.request_id,
            )
        except DomainError as error:
            return AdjustPointsPayload(entry=None, errors=user_errors(error, info.context.locale))
        return AdjustPointsPayload(entry=PointsEntryNode.from_model(posted.entry), errors=[])

    @strawberry.mutation(description="Grant points to up to 10,000 members in one call (admins).")
    async def grant_points(self, info: Info, input: GrantPointsInput) -> GrantPointsPayload:
        viewer = await info.context.require_viewer()
        try:
            granted = await grant_points(
                actor=viewer,
                member_ids=[
                    node_key(value, "Member", ["input", "memberIds"]) for value in input.member_ids
                ],
                amount=input.amount,
                reason=input.reason,
                reason_code=input.reason_code,
                idempotency_key=input.idempotency_key,
                request_id=info.context.request_id,
            )
        except DomainError as error:
            return GrantPointsPayload(
                granted_count=0, errors=user_errors(error, info.context.locale)
            )
        return GrantPointsPayload(granted_count=granted.granted, errors=[])
