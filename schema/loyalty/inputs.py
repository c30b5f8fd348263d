"""Loyalty mutation inputs and the global ID decoding they need."""

from __future__ import annotations

import strawberry
from strawberry.relay import GlobalID

from services.errors import DomainError, ErrorCode


def node_key(value: str, type_name: str, field: list[str]) -> int:
    """The database id inside a global ID of ``type_name``, or NOT_FOUND."""
    try:
        global_id = GlobalID.from_id(value)
        if global_id.type_name != type_name:
            raise ValueError(value)
        return int(global_id.node_id)
    except ValueError as exc:
        raise DomainError(ErrorCode.NOT_FOUND, field=field) from exc


@strawberry.input(description="Redeem a reward for points.")
class RedeemRewardInput:
    reward_id: strawberry.ID = strawberry.field(description="The reward's global ID.")
    idempotency_key: str = strawberry.field(
        description="Client-chosen key: retrying with it returns the first result."
    )


@strawberry.input(description="Verify (use) a coupon at a dealer.")
class VerifyCouponInput:
    code: str = strawberry.field(description="The coupon code (case, spaces and dashes ignored).")


@strawberry.input(description="Add or remove points of one member (admins only).")
class AdjustPointsInput:
    member_id: strawberry.ID = strawberry.field(description="The member's global ID.")
    amount: int = strawberry.field(description="Points to add (positive) or remove (negative).")
    reason: str = strawberry.field(description="Why (mandatory, written to the audit log).")
    idempotency_key: str = strawberry.field(description="Retrying with it changes nothing more.")


@strawberry.input(description="Grant the same points to many members at once (admins only).")
class GrantPointsInput:
    member_ids: list[strawberry.ID] = strawberry.field(
        description="Members' global IDs (at most 10,000)."
    )
    amount: int = strawberry.field(description="Points each member earns (positive).")
    reason: str = strawberry.field(description="Why (mandatory, written to the audit log).")
    idempotency_key: str = strawberry.field(description="Retrying with it grants nothing more.")
    reason_code: str = strawberry.field(
        default="MANUAL", description="Reason code on the entries, e.g. SEASON_AWARD."
    )
