"""Builders and probes shared by the loyalty tests."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from models.loyalty import PointsAccount, Reward, RewardKind
from services.loyalty import ledger
from services.loyalty.consistency import check_ledger

_keys = itertools.count(1)


async def fund(member_id: int, amount: int, *, now: datetime | None = None) -> int:
    """Give a member ``amount`` earned points (a SEASON_AWARD, no multiplier), return the
    entry id."""
    posted = await ledger.earn(
        member_id, "SEASON_AWARD", amount=amount, idempotency_key=f"test-fund:{next(_keys)}",
        now=now,
    )  # fmt: skip
    return posted.entry.id


async def make_reward(**fields: Any) -> Reward:
    values: dict[str, Any] = {
        "kind": RewardKind.WASH,
        "name_zh": "免费 720° 洗车",
        "name_en": "Free 720° wash",
        "points_price": 100,
        "stock": None,
    }
    values.update(fields)
    return await Reward.create(**values)


async def balances(member_id: int) -> tuple[int, int]:
    """(balance, held) of a member, (0, 0) without an account."""
    account = await PointsAccount.get_or_none(member_id=member_id)
    return (account.balance, account.held) if account else (0, 0)


async def assert_consistent() -> None:
    report = await check_ledger()
    assert report["mismatches"] == dict.fromkeys(report["mismatches"], 0), report


def global_id(type_name: str, key: int) -> str:
    from strawberry.relay import to_base64

    return to_base64(type_name, key)


def error_codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["errors"]]
