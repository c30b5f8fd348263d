"""Inputs of the loyalty mutations."""

from __future__ import annotations

import strawberry
from strawberry.relay import GlobalID


@strawberry.input(description="Redeem a reward for points.")
class RedeemRewardInput:
    reward_id: GlobalID = strawberry.field(description="The reward's global ID.")
    idempotency_key: str = strawberry.field(
        description="Client-chosen key: retrying with it returns the first result."
    )


@strawberry.input(description="Verify (use) a coupon at a dealer.")
class VerifyCouponInput:
    code: str = strawberry.field(description="The coupon code (case, spaces and dashes ignored).")


@strawberry.input(description="Add or remove points of one member (admins only).")
class AdjustPointsInput:
    member_id: GlobalID = strawberry.field(description="The member's global ID.")
    amount: int = strawberry.field(description="Points to add (positive) or remove (negative).")
    reason: str = strawberry.field(description="Why (mandatory, written to the audit log).")
    idempotency_key: str = strawberry.field(description="Retrying with it changes nothing more.")


@strawberry.input(description="Grant the same points to many members at once (admins only).")
class GrantPointsInput:
    member_ids: list[GlobalID] = strawberry.field(
        description="Members' global IDs (at most 10,000)."
    )
    amount: int = strawberry.field(description="Points each member earns (positive).")
    reason: str = strawberry.field(description="Why (mandatory, written to the audit log).")
    idempotency_key: str = strawberry.field(description="Retrying with it grants nothing more.")
    reason_code: str = strawberry.field(
        default="MANUAL", description="Reason code on the entries, e.g. SEASON_AWARD."
    )
