"""Probes shared by the loyalty tests: balances, the ledger's consistency check, ids and error
codes (the data comes from ``tests.factories``)."""

from __future__ import annotations

from typing import Any

from models.loyalty import PointsAccount
from services.loyalty.consistency import check_ledger


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
