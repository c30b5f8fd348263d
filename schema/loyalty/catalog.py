"""The reward catalog's node types: rewards, and the coupons redeemed for them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import strawberry
from strawberry import relay

from models.loyalty import Coupon, Reward, RewardKind
from schema.core.context import Info
from schema.core.enums import describe_values
from schema.core.pagination import Connection
from schema.loyalty.loaders import CouponByIdLoader, RewardByIdLoader, TierByRankLoader, load_nodes
from schema.loyalty.types import TierInfo, localized
from services.core import clock
from services.loyalty.catalog import CouponState, coupon_state

# ``strawberry.enum`` marks the enum classes themselves, so fields are annotated with them.
strawberry.enum(RewardKind, name="RewardKind", description="Kinds of rewards.")
describe_values(
    RewardKind,
    {
        "WASH": "A car wash.",
        "SERVICE_BOOKING": "A service booking at a dealer.",
        "MERCHANDISE": "Brand merchandise.",
        "EVENT_TICKET": "A ticket to an event.",
        "MARKETPLACE_DISCOUNT": "A discount on marketplace parts.",
    },
)
strawberry.enum(
    CouponState, name="CouponState", description="VALID to use, USED once verified, or EXPIRED."
)
describe_values(
    CouponState,
    {
        "VALID": "Usable now.",
        "USED": "Verified by a dealer once; used up.",
        "EXPIRED": "Past its validity.",
    },
)


@strawberry.type(name="Reward", description="A catalog item members redeem points for.")
class RewardNode(relay.Node):
    reward_id: relay.NodeID[int]
    kind: RewardKind = strawberry.field(description="What kind of reward.")
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
            reward_id=row.id,
            kind=row.kind,
            name_zh=row.name_zh,
            name_en=row.name_en,
            description_zh=row.description_zh,
            description_en=row.description_en,
            points_price=row.points_price,
            stock=row.stock,
            per_member_limit=row.per_member_limit,
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            coupon_days=row.coupon_days,
            dealer_scoped=row.dealer_code is not None,
            min_tier_rank=row.min_tier_rank,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # nulls even when required
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[RewardNode | None]:
        """Active rewards only."""
        rows = await load_nodes(info, RewardByIdLoader, cls, node_ids)
        return [cls.from_model(row) if row is not None and row.active else None for row in rows]


@strawberry.type(name="Coupon", description="A redeemed reward, verified once by a dealer (核销).")
class CouponNode(relay.Node):
    coupon_id: relay.NodeID[int]
    code: str = strawberry.field(description="Ten-character code shown to the dealer.")
    state: CouponState = strawberry.field(description="VALID, USED or EXPIRED.")
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
            coupon_id=row.id,
            code=row.code,
            state=coupon_state(row, clock.now()),
            points_spent=row.points_spent,
            issued_at=row.issued_at,
            expires_at=row.expires_at,
            used_at=row.used_at,
            reward_key=row.reward_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # nulls even when required
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[CouponNode | None]:
        """Only the viewer's own coupons resolve."""
        node_ids = list(node_ids)
        viewer = await info.context.viewer()
        rows = await load_nodes(info, CouponByIdLoader, cls, node_ids)
        return [
            cls.from_model(row) if row and viewer and row.member_id == viewer.id else None
            for row in rows
        ]


RewardConnection = Connection[RewardNode]
CouponConnection = Connection[CouponNode]
