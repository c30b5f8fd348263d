"""Loyalty node types (Reward, Coupon, PointsEntry), tiers and their connections."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay

from models.loyalty import Coupon, EntryKind, LedgerEntry, Reward, RewardKind, Tier
from schema.core.context import Info
from schema.core.pagination import Connection
from schema.loyalty.loaders import (
    CouponByIdLoader,
    PointsEntryByIdLoader,
    RewardByIdLoader,
    TierByRankLoader,
)
from services.core import clock
from services.loyalty.catalog import CouponState, coupon_state

PointsEntryKind = strawberry.enum(
    EntryKind, name="PointsEntryKind", description="What a ledger entry did to the points."
)
RewardKindEnum = strawberry.enum(RewardKind, name="RewardKind", description="Kinds of rewards.")
CouponStateEnum = strawberry.enum(
    CouponState, name="CouponState", description="VALID to use, USED once verified, or EXPIRED."
)


def localized(info: Info, zh: str, en: str) -> str:
    return en if info.context.locale == "en" else zh


@strawberry.type(description="What a tier gives its members (data, changed by staff).")
class TierBenefits:
    earn_multiplier_pct: int = strawberry.field(
        description="Points earned per 100 base points (150 = 1.5x)."
    )
    early_signup_hours: int = strawberry.field(
        description="Hours before everyone else the member may sign up for events."
    )
    marketplace_discount_pct: int = strawberry.field(description="Marketplace discount, percent.")
    free_services_per_quarter: int = strawberry.field(description="Free services per quarter.")


@strawberry.type(name="Tier", description="A membership tier (STANDARD, SILVER, GOLD, DIAMOND).")
class TierInfo:
    key: str = strawberry.field(description="Stable key, e.g. GOLD.")
    name_zh: str = strawberry.field(description="Chinese name, e.g. 金卡会员.")
    name_en: str = strawberry.field(description="English name.")
    threshold: int = strawberry.field(
        description="Qualifying points (earned in a rolling 12 months) needed for this tier."
    )
    benefits: TierBenefits = strawberry.field(description="What the tier gives.")

    @strawberry.field(description="Name in the viewer's locale.")
    def name(self, info: Info) -> str:
        return localized(info, self.name_zh, self.name_en)

    @classmethod
    def from_model(cls, tier: Tier) -> TierInfo:
        return cls(
            key=tier.key,
            name_zh=tier.name_zh,
            name_en=tier.name_en,
            threshold=tier.threshold,
            benefits=TierBenefits(
                earn_multiplier_pct=tier.earn_multiplier_pct,
                early_signup_hours=tier.early_signup_hours,
                marketplace_discount_pct=tier.marketplace_discount_pct,
                free_services_per_quarter=tier.free_services_per_quarter,
            ),
        )


@strawberry.type(name="Reward", description="A catalog item members redeem points for.")
class RewardNode(relay.Node):
    reward_id: relay.NodeID[int]
    kind: RewardKindEnum = strawberry.field(description="What kind of reward.")  # type: ignore[valid-type]
    name_zh: str = strawberry.field(description="Chinese name.")
    name_en: str = strawberry.field(description="English name.")
    description_zh: str = strawberry.field(description="Chinese description.")
    description_en: str = strawberry.field(description="English description.")
    points_price: int = strawberry.field(description="Points one coupon costs.")
    stock: int | None = strawberry.field(description="Coupons left, null for unlimited.")
    per_member_limit: int | None = strawberry.field(
        description="Coupons one member may redeem in total, null for no limit."
    )
    valid_from: datetime | None = strawberry.field(description="Redeemable from.")
    valid_until: datetime | None = strawberry.field(description="Redeemable until (exclusive).")
    coupon_days: int = strawberry.field(description="Days an issued coupon stays usable.")
    dealer_scoped: bool = strawberry.field(
        description="Only one dealer's staff can verify its coupons."
    )
    min_tier_rank: strawberry.Private[int]

    @strawberry.field(description="Name in the viewer's locale.")
    def name(self, info: Info) -> str:
        return localized(info, self.name_zh, self.name_en)

    @strawberry.field(description="Lowest tier allowed to redeem it.")
    async def min_tier(self, info: Info) -> TierInfo | None:
        tier = await info.context.loaders.get(TierByRankLoader).load(self.min_tier_rank)
        return TierInfo.from_model(tier) if tier else None

    @classmethod
    def from_model(cls, row: Reward) -> RewardNode:
        return cls(
            reward_id=row.id, kind=row.kind, name_zh=row.name_zh, name_en=row.name_en,
            description_zh=row.description_zh, description_en=row.description_en,
            points_price=row.points_price, stock=row.stock, per_member_limit=row.per_member_limit,
            valid_from=row.valid_from, valid_until=row.valid_until, coupon_days=row.coupon_days,
            dealer_scoped=row.dealer_code is not None, min_tier_rank=row.min_tier_rank,
        )  # fmt: skip

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Any, node_ids: Iterable[str], required: bool = False
    ) -> list[RewardNode | None]:
        keys = [int(node_id) if node_id.isdigit() else 0 for node_id in node_ids]
        rows = await info.context.loaders.get(RewardByIdLoader).load_many(keys)
        return [cls.from_model(row) if row is not None and row.active else None for row in rows]


@strawberry.type(name="Coupon", description="A redeemed reward, verified once by a dealer (核销).")
class CouponNode(relay.Node):
    coupon_id: relay.NodeID[int]
    code: str = strawberry.field(description="Ten-character code shown to the dealer.")
    state: CouponStateEnum = strawberry.field(description="VALID, USED or EXPIRED.")  # type: ignore[valid-type]
    points_spent: int = strawberry.field(description="Points it cost.")
    issued_at: datetime = strawberry.field(description="When it was redeemed.")
    expires_at: datetime = strawberry.field(description="Usable until (exclusive).")
    used_at: datetime | None = strawberry.field(description="When a dealer verified it.")
    reward_key: strawberry.Private[int]

    @strawberry.field(description="The reward it was redeemed for.")
    async def reward(self, info: Info) -> RewardNode | None:
        row = await info.context.loaders.get(RewardByIdLoader).load(self.reward_key)
        return RewardNode.from_model(row) if row else None

    @classmethod
    def from_model(cls, row: Coupon) -> CouponNode:
        return cls(
            coupon_id=row.id, code=row.code, state=coupon_state(row, clock.now()),
            points_spent=row.points_spent, issued_at=row.issued_at, expires_at=row.expires_at,
            used_at=row.used_at, reward_key=row.reward_id,  # type: ignore[attr-defined]
        )  # fmt: skip

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Any, node_ids: Iterable[str], required: bool = False
    ) -> list[CouponNode | None]:
        """Only the viewer's own coupons resolve."""
        node_ids = list(node_ids)
        viewer = await info.context.viewer()
        keys = [int(node_id) if node_id.isdigit() else 0 for node_id in node_ids]
        rows = await info.context.loaders.get(CouponByIdLoader).load_many(keys)
        return [
            cls.from_model(row) if row and viewer and row.member_id == viewer.id else None  # type: ignore[attr-defined]
            for row in rows
        ]


@strawberry.type(name="PointsEntry", description="One immutable change of the viewer's points.")
class PointsEntryNode(relay.Node):
    entry_id: relay.NodeID[int]
    kind: PointsEntryKind = strawberry.field(description="What the entry did.")  # type: ignore[valid-type]
    reason: str = strawberry.field(description="Reason code, e.g. DAILY_CHECKIN.")
    amount: int = strawberry.field(description="Change of the spendable balance.")
    held_change: int = strawberry.field(description="Change of the held (reserved) points.")
    remaining: int | None = strawberry.field(
        description="For earned points: how many of them are not yet spent or expired."
    )
    expires_at: datetime | None = strawberry.field(description="When earned points expire.")
    note: str | None = strawberry.field(description="Staff's reason for an adjustment.")
    created_at: datetime = strawberry.field(description="When it happened.")

    @classmethod
    def from_model(cls, row: LedgerEntry) -> PointsEntryNode:
        return cls(
            entry_id=row.id, kind=row.kind, reason=row.reason, amount=row.amount,
            held_change=row.held_delta, remaining=row.remaining, expires_at=row.expires_at,
            note=row.note, created_at=row.created_at,
        )  # fmt: skip

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Any, node_ids: Iterable[str], required: bool = False
    ) -> list[PointsEntryNode | None]:
        """Only the viewer's own entries resolve."""
        node_ids = list(node_ids)
        viewer = await info.context.viewer()
        keys = [int(node_id) if node_id.isdigit() else 0 for node_id in node_ids]
        rows = await info.context.loaders.get(PointsEntryByIdLoader).load_many(keys)
        return [
            cls.from_model(row) if row and viewer and row.member_id == viewer.id else None  # type: ignore[attr-defined]
            for row in rows
        ]


RewardConnection = Connection[RewardNode]
CouponConnection = Connection[CouponNode]
PointsEntryConnection = Connection[PointsEntryNode]
