"""The loyalty section of a member's data export: points, entries, holds, coupons, tier and
contribution (registered with the members domain's export when this package is imported)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from models.loyalty import (
    ContributionEntry,
    Coupon,
    LedgerEntry,
    PointsAccount,
    PointsHold,
    TierChange,
)
from services.loyalty.contribution import contribution_score


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


async def loyalty_section(member_id: int) -> dict[str, Any]:
    account = await PointsAccount.get_or_none(member_id=member_id)
    entries = await LedgerEntry.filter(member_id=member_id).order_by("id")
    return {
        "balance": account.balance if account else 0,
        "held": account.held if account else 0,
        "entries": [
            {
                "kind": str(e.kind),
                "reason": e.reason,
                "amount": e.amount,
                "held_change": e.held_delta,
                "remaining": e.remaining,
                "expires_at": _iso(e.expires_at),
                "note": e.note,
                "at": _iso(e.created_at),
            }
            for e in entries
        ],  # fmt: skip
        "holds": [
            {
                "amount": h.amount,
                "status": str(h.status),
                "reason": h.reason,
                "at": _iso(h.created_at),
            }
            for h in await PointsHold.filter(member_id=member_id).order_by("id")
        ],
        "coupons": [
            {
                "code": c.code,
                "status": str(c.status),
                "points": c.points_spent,
                "issued_at": _iso(c.issued_at),
                "used_at": _iso(c.used_at),
            }
            for c in await Coupon.filter(member_id=member_id).order_by("id")
        ],  # fmt: skip
        "tier_history": [
            {"from": t.from_key, "to": t.to_key, "at": _iso(t.created_at)}
            for t in await TierChange.filter(member_id=member_id).order_by("id")
        ],
        "contribution": {
            "score": await contribution_score(member_id),
            "entries": [
                {"amount": c.amount, "reason": c.reason, "at": _iso(c.created_at)}
                for c in await ContributionEntry.filter(member_id=member_id).order_by("id")
            ],
        },
    }
