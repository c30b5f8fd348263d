"""Loyalty loaders (one query per batch, results aligned with the keys)."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from models.loyalty import Coupon, LedgerEntry, Reward, Tier
from schema.loaders import one_per_key
from services.loyalty.tiers import tier_table


async def _rewards(keys: list[int]) -> list[Reward | None]:
    return one_per_key(keys, await Reward.filter(id__in=keys), lambda row: row.id)


async def _coupons(keys: list[int]) -> list[Coupon | None]:
    return one_per_key(keys, await Coupon.filter(id__in=keys), lambda row: row.id)


async def _entries(keys: list[int]) -> list[LedgerEntry | None]:
    return one_per_key(keys, await LedgerEntry.filter(id__in=keys), lambda row: row.id)


async def _tiers(keys: list[int]) -> list[Tier | None]:
    return one_per_key(keys, await tier_table(), lambda row: row.rank)


# Plain DataLoaders with ``load_fn`` (a ``batch`` method would shadow DataLoader's own).
class RewardByIdLoader(DataLoader[int, Reward | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=_rewards)


class CouponByIdLoader(DataLoader[int, Coupon | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=_coupons)


class PointsEntryByIdLoader(DataLoader[int, LedgerEntry | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=_entries)


class TierByRankLoader(DataLoader[int, Tier | None]):
    """Every tier in one query, whatever ranks are asked for."""

    def __init__(self) -> None:
        super().__init__(load_fn=_tiers)
