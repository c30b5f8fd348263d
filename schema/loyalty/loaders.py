"""Loyalty loaders (one query per batch, results aligned with the keys)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from strawberry import relay
from strawberry.dataloader import DataLoader

from models.loyalty import Coupon, LedgerEntry, Reward, Tier
from schema.core.context import Info
from schema.core.ids import key_of, type_name
from schema.loaders import one_per_key
from services.loyalty.tiers import tier_table

Row = TypeVar("Row")


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


async def load_nodes(
    info: Info,
    loader: type[DataLoader[int, Row | None]],
    node: type,
    node_ids: Iterable[str],
) -> list[Row | None]:
    """The rows behind the id parts of ``node`` global IDs, in order (None where an id is not
    a key or has no row), through the request's ``loader``."""
    name = type_name(node)
    keys = [key_of(relay.GlobalID(name, node_id), node) or 0 for node_id in node_ids]
    return await info.context.loaders.get(loader).load_many(keys)
