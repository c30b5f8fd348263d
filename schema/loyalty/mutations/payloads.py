"""Payloads of the loyalty mutations: what each one changed (``errors`` come from the base)."""

from __future__ import annotations

from typing import Self

import strawberry

from models.loyalty import Coupon, LedgerEntry
from schema.core.payload import Payload
from schema.loyalty.catalog import CouponNode
from schema.loyalty.standing import Points
from schema.loyalty.types import PointsEntryNode
from services.loyalty.results import Posted
from services.loyalty.staff import Granted
from services.loyalty.views import PointsSummary


@strawberry.type(description="Result of the daily check-in.")
class DailyCheckInPayload(Payload):
    entry: PointsEntryNode | None = strawberry.field(default=None, description="The points earned.")
    points: Points | None = strawberry.field(
        default=None, description="The viewer's points afterwards."
    )

    @classmethod
    def of(cls, result: tuple[LedgerEntry, PointsSummary]) -> Self:
        entry, points = result
        return cls(entry=PointsEntryNode.from_model(entry), points=Points.from_summary(points))


@strawberry.type(description="Result of redeeming a reward.")
class RedeemRewardPayload(Payload):
    coupon: CouponNode | None = strawberry.field(default=None, description="The coupon issued.")
    points: Points | None = strawberry.field(
        default=None, description="The viewer's points afterwards."
    )

    @classmethod
    def of(cls, result: tuple[Coupon, PointsSummary]) -> Self:
        coupon, points = result
        return cls(coupon=CouponNode.from_model(coupon), points=Points.from_summary(points))


@strawberry.type(description="Result of verifying a coupon.")
class VerifyCouponPayload(Payload):
    coupon: CouponNode | None = strawberry.field(
        default=None,
        description="The coupon, now used. Also given with ALREADY_USED and EXPIRED (when and "
        "for which reward it was used, or until when it ran), to the dealer it is meant for.",
    )


@strawberry.type(description="Result of adjusting a member's points.")
class AdjustPointsPayload(Payload):
    entry: PointsEntryNode | None = strawberry.field(
        default=None, description="The ADJUST entry written."
    )

    @classmethod
    def of(cls, result: Posted) -> Self:
        return cls(entry=PointsEntryNode.from_model(result.entry))


@strawberry.type(description="Result of a bulk grant.")
class GrantPointsPayload(Payload):
    granted_count: int = strawberry.field(default=0, description="Members credited by this grant.")

    @classmethod
    def of(cls, result: Granted) -> Self:
        return cls(granted_count=result.granted)
