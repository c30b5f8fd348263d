"""Contribution: a separate, non-spendable score with its own idempotent entries."""

from __future__ import annotations

import asyncio

import pytest

from models.loyalty import ContributionEntry, PointsAccount
from services.errors import DomainError, ErrorCode
from services.loyalty.contribution import add_contribution, contribution_score
from tests.factories import make_member
from tests.loyalty.support import assert_consistent


async def test_contributions_add_up_once_per_key() -> None:
    member = (await make_member()).member
    calls = [
        add_contribution(member.id, 40, reason="EVENT_ORGANIZED", idempotency_key="event:3:org")
        for _ in range(10)
    ]
    results = await asyncio.gather(*calls)
    await add_contribution(member.id, 25, reason="ROUTE_ACCEPTED", idempotency_key="route:8")
    assert sum(not r.replayed for r in results) == 1
    assert await contribution_score(member.id) == 65
    assert await ContributionEntry.filter(member_id=member.id).count() == 2
    assert not await PointsAccount.exists(member_id=member.id)  # points untouched
    await assert_consistent()


async def test_bad_contributions_change_nothing() -> None:
    member = (await make_member()).member
    await add_contribution(member.id, 10, reason="HELPFUL_POST", idempotency_key="post:1")
    cases = [
        (dict(amount=0, reason="X", idempotency_key="a"), ErrorCode.INVALID_INPUT),
        (dict(amount=-11, reason="CORRECTION", idempotency_key="b"), ErrorCode.INVALID_INPUT),
        (dict(amount=11, reason="HELPFUL_POST", idempotency_key="post:1"),
         ErrorCode.IDEMPOTENCY_KEY_REUSED),
    ]  # fmt: skip
    for kwargs, code in cases:
        with pytest.raises(DomainError) as refused:
            await add_contribution(member.id, **kwargs)
        assert refused.value.code == code
    assert await contribution_score(member.id) == 10
    with pytest.raises(DomainError) as missing:
        await add_contribution(424242, 5, reason="X", idempotency_key="c")
    assert missing.value.code == ErrorCode.NOT_FOUND
