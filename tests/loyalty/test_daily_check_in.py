"""dailyCheckIn: points once per local day (Asia/Shanghai)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from models.loyalty import LedgerEntry
from services.errors import DomainError, ErrorCode
from services.loyalty.checkin import daily_check_in
from tests.factories import make_member
from tests.loyalty.support import balances, error_codes
from tests.support import GraphQLClient

CHECK_IN = """
mutation CheckIn {
  dailyCheckIn {
    entry { kind reason amount }
    points { balance }
    errors { code message }
  }
}
"""


async def test_check_in_earns_once_a_day(gql: GraphQLClient) -> None:
    # given
    member = await make_member()
    # when
    first = (await gql.data(CHECK_IN, token=member.token))["dailyCheckIn"]
    second = (await gql.data(CHECK_IN, token=member.token))["dailyCheckIn"]
    # then
    assert first["errors"] == []
    assert first["entry"] == {"kind": "EARN", "reason": "DAILY_CHECKIN", "amount": 10}
    assert first["points"] == {"balance": 10}
    assert error_codes(second) == ["ALREADY_DONE"] and second["entry"] is None
    assert await balances(member.member.id) == (10, 0)


async def test_concurrent_check_ins_earn_once(gql: GraphQLClient) -> None:
    member = await make_member()
    results = await asyncio.gather(*(gql.data(CHECK_IN, token=member.token) for _ in range(20)))
    payloads = [result["dailyCheckIn"] for result in results]
    assert sum(p["errors"] == [] for p in payloads) == 1
    assert await LedgerEntry.filter(member_id=member.member.id).count() == 1
    assert await balances(member.member.id) == (10, 0)


async def test_the_day_is_the_platform_day() -> None:
    # given 23:30 and 00:30 in Shanghai are 15:30 and 16:30 UTC
    signed_in = await make_member()
    actor = signed_in.member
    late = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)
    next_day = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)
    # when
    await daily_check_in(actor=actor, now=late)
    await daily_check_in(actor=actor, now=next_day)
    # then
    with pytest.raises(DomainError) as refused:
        await daily_check_in(actor=actor, now=datetime(2026, 11, 24, 2, 0, tzinfo=UTC))
    assert refused.value.code == ErrorCode.ALREADY_DONE
    assert await balances(actor.id) == (20, 0)


async def test_check_in_needs_a_signed_in_member(gql: GraphQLClient) -> None:
    result = await gql(CHECK_IN)
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
