"""Loyalty types shared by the domain's fields: tiers, ledger entries and localized names."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import strawberry
from strawberry import relay

from models.loyalty import EntryKind, LedgerEntry, Tier
from schema.core.context import Info
from schema.core.enums import describe_values
from schema.core.pagination import Connection
from schema.loyalty.loaders import PointsEntryByIdLoader, load_nodes

# ``strawberry.enum`` marks the enum class itself, so fields are annotated with ``EntryKind``.
strawberry.enum(
    EntryKind, name="PointsEntryKind", description="What a ledger entry did to the points."
)
describe_values(
    EntryKind,
    {
        "EARN": "Points earned.",
        "REDEEM": "Points spent on a reward.",
        "HOLD": "Points held (an event's price at sign-up).",
        "RELEASE": "Held points given back.",
        "CAPTURE": "Held points spent (at check-in).",
        "EXPIRE": "Points that expired.",
        "REVERSE": "An earlier entry undone.",
        "ADJUST": "A correction by staff.",
    },
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


@strawberry.type(name="PointsEntry", description="One immutable change of the viewer's points.")
class PointsEntryNode(relay.Node):
    entry_id: relay.NodeID[int]
    kind: EntryKind = strawberry.field(description="What the entry did.")
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
            entry_id=row.id,
            kind=row.kind,
            reason=row.reason,
            amount=row.amount,
            held_change=row.held_delta,
            remaining=row.remaining,
            expires_at=row.expires_at,
            note=row.note,
            created_at=row.created_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # nulls even when required
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[PointsEntryNode | None]:
        """Only the viewer's own entries resolve."""
        node_ids = list(node_ids)
        viewer = await info.context.viewer()
        rows = await load_nodes(info, PointsEntryByIdLoader, cls, node_ids)
        return [
            cls.from_model(row) if row and viewer and row.member_id == viewer.id else None
            for row in rows
        ]


PointsEntryConnection = Connection[PointsEntryNode]
