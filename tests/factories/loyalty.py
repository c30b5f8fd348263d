"""Builders of loyalty data: points and contribution entered through the ledger services (so
balances, lots and accounts stay consistent), rewards, and dealer staff."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from models.loyalty import DealerStaff, Reward, RewardKind
from models.members import Member
from services.loyalty import ledger
from services.loyalty.contribution import add_contribution
from tests.factories.members import SignedIn, member_of
from tests.factories.sequence import next_number


async def fund(
    member_id: int, amount: int, *, reason: str = "SEASON_AWARD", now: datetime | None = None
) -> int:
    """Give a member ``amount`` earned points and return the ledger entry's id. The default
    reason, a SEASON_AWARD, has no tier multiplier and counts towards the tier."""
    posted = await ledger.earn(
        member_id,
        reason,
        amount=amount,
        idempotency_key=f"test-fund:{next_number()}",
        now=now,
    )
    return posted.entry.id


async def contribute(
    member_id: int,
    amount: int,
    *,
    reason: str = "ROUTE_ACCEPTED",
    now: datetime | None = None,
) -> None:
    """Add ``amount`` to a member's contribution score."""
    await add_contribution(
        member_id,
        amount,
        reason=reason,
        idempotency_key=f"test-contribution:{next_number()}",
        now=now,
    )


async def make_reward(**overrides: Any) -> Reward:
    """An active free-wash reward for 100 points, with unlimited stock."""
    values: dict[str, Any] = {
        "kind": RewardKind.WASH,
        "name_zh": "免费 720° 洗车",
        "name_en": "Free 720° wash",
        "points_price": 100,
        "stock": None,
    }
    values.update(overrides)
    return await Reward.create(**values)


async def make_dealer_staff(
    member: SignedIn | Member, dealer_code: str = "BJ-001", **overrides: Any
) -> DealerStaff:
    """``member`` working for the dealer ``dealer_code`` (give them the dealer role too)."""
    return await DealerStaff.create(
        member_id=member_of(member).id, dealer_code=dealer_code, **overrides
    )
