"""The ledger service other domains call: earn, hold, capture, release, reverse."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from models.loyalty import EntryKind, HoldStatus, LedgerEntry, MemberTier
from services.core import clock
from services.errors import DomainError, ErrorCode
from services.loyalty import ledger
from tests.factories import fund, make_member, make_reward
from tests.loyalty.support import assert_consistent, balances


async def test_earn_credits_a_lot_and_replays_by_key() -> None:
    # given
    member = (await make_member()).member
    # when
    first = await ledger.earn(
        member.id, "EVENT_COMPLETED", idempotency_key="event:1:member", source_ref="event:1"
    )
    again = await ledger.earn(
        member.id, "EVENT_COMPLETED", idempotency_key="event:1:member", source_ref="event:1"
    )
    # then
    assert first.replayed is False and again.replayed is True
    assert again.entry.id == first.entry.id
    assert first.entry.amount == 200 and first.entry.remaining == 200
    assert first.entry.expires_at > clock.now() + timedelta(days=700)
    assert await balances(member.id) == (200, 0)
    await assert_consistent()


async def test_earn_with_the_key_of_another_request_is_refused() -> None:
    member = (await make_member()).member
    await ledger.earn(member.id, "EVENT_COMPLETED", idempotency_key="k1")
    with pytest.raises(DomainError) as refused:
        await ledger.earn(member.id, "PURCHASE", amount=50, idempotency_key="k1")
    assert refused.value.code == ErrorCode.IDEMPOTENCY_KEY_REUSED
    assert await balances(member.id) == (200, 0)


@pytest.mark.parametrize("amount", [0, -5])
async def test_earn_refuses_zero_and_negative_amounts(amount: int) -> None:
    member = (await make_member()).member
    with pytest.raises(DomainError) as refused:
        await ledger.earn(member.id, "PURCHASE", amount=amount, idempotency_key="k")
    assert refused.value.code == ErrorCode.INVALID_INPUT
    assert await LedgerEntry.filter(member_id=member.id).count() == 0


@pytest.mark.parametrize("amount", [0, -5])
async def test_hold_refuses_zero_and_negative_amounts(amount: int) -> None:
    member = (await make_member()).member
    await fund(member.id, 100)
    with pytest.raises(DomainError) as refused:
        await ledger.hold(member.id, amount, reason="EVENT_FEE", idempotency_key="h")
    assert refused.value.code == ErrorCode.INVALID_INPUT
    assert await balances(member.id) == (100, 0)


async def test_earn_of_an_unknown_reason_is_not_available() -> None:
    member = (await make_member()).member
    with pytest.raises(DomainError) as refused:
        await ledger.earn(member.id, "NO_SUCH_REASON", idempotency_key="k")
    assert refused.value.code == ErrorCode.NOT_AVAILABLE
    assert await balances(member.id) == (0, 0)


async def test_hold_capture_release() -> None:
    # given
    member = (await make_member()).member
    await fund(member.id, 1000)
    # when
    paid = await ledger.hold(member.id, 300, reason="EVENT_FEE", idempotency_key="event:9:hold")
    kept = await ledger.hold(member.id, 200, reason="ORDER_PAYMENT", idempotency_key="order:4")
    # then
    assert await balances(member.id) == (500, 500)
    captured = await ledger.capture(paid.hold.id)
    released = await ledger.release("order:4")
    assert captured.hold.status == HoldStatus.CAPTURED and not captured.replayed
    assert released.hold.status == HoldStatus.RELEASED and not released.replayed
    assert await balances(member.id) == (700, 0)
    assert (await ledger.capture(paid.hold.id)).replayed is True
    with pytest.raises(DomainError) as refused:
        await ledger.capture(kept.hold.id)
    assert refused.value.code == ErrorCode.ALREADY_DONE
    assert await balances(member.id) == (700, 0)
    await assert_consistent()


async def test_hold_beyond_the_balance_is_insufficient() -> None:
    member = (await make_member()).member
    await fund(member.id, 100)
    with pytest.raises(DomainError) as refused:
        await ledger.hold(member.id, 101, reason="EVENT_FEE", idempotency_key="h")
    assert refused.value.code == ErrorCode.INSUFFICIENT_POINTS
    assert await balances(member.id) == (100, 0)


async def test_reverse_an_earn_and_a_capture() -> None:
    member = (await make_member()).member
    earned = await fund(member.id, 500)
    other = await fund(member.id, 100)
    held = await ledger.hold(member.id, 100, reason="ORDER_PAYMENT", idempotency_key="o")
    await ledger.capture(held.hold.id)
    capture_entry = await LedgerEntry.get(kind=EntryKind.CAPTURE)
    # when
    undone = await ledger.reverse(earned)
    refunded = await ledger.reverse(capture_entry.id)
    # then
    assert undone.entry.amount == -500 and refunded.entry.amount == 100
    assert (await ledger.reverse(earned)).replayed is True
    assert await balances(member.id) == (100, 0)
    assert other
    await assert_consistent()


async def test_earn_crossing_a_threshold_upgrades_at_once() -> None:
    member = (await make_member()).member
    await fund(member.id, 1999)
    assert not await MemberTier.exists(member_id=member.id)
    await ledger.earn(member.id, "PURCHASE", amount=1, idempotency_key="p1")
    state = await MemberTier.get(member_id=member.id)
    assert state.tier_key == "SILVER"


async def test_concurrent_holds_never_overdraw() -> None:
    member = (await make_member()).member
    await fund(member.id, 300)
    calls = [
        ledger.hold(member.id, 100, reason="EVENT_FEE", idempotency_key=f"event:{i}:hold")
        for i in range(20)
    ]
    results = await asyncio.gather(*calls, return_exceptions=True)
    held = [r for r in results if not isinstance(r, BaseException)]
    refused = {r.code for r in results if isinstance(r, DomainError)}
    assert len(held) == 3 and refused == {ErrorCode.INSUFFICIENT_POINTS}
    assert await balances(member.id) == (0, 300)
    await assert_consistent()


async def test_a_hold_settles_once_under_a_capture_release_race() -> None:
    member = (await make_member()).member
    await fund(member.id, 100)
    held = await ledger.hold(member.id, 100, reason="ORDER_PAYMENT", idempotency_key="order:1")
    calls = [ledger.capture(held.hold.id) for _ in range(5)]
    calls += [ledger.release(held.hold.id) for _ in range(5)]
    results = await asyncio.gather(*calls, return_exceptions=True)
    settled = [r for r in results if not isinstance(r, BaseException) and not r.replayed]
    assert len(settled) == 1
    final = settled[0].hold.status
    assert await balances(member.id) == ((0, 0) if final == HoldStatus.CAPTURED else (100, 0))
    assert await LedgerEntry.filter(kind__in=[EntryKind.CAPTURE, EntryKind.RELEASE]).count() == 1
    await assert_consistent()


async def test_the_loyalty_export_section() -> None:
    from services.members.export import EXPORT_SECTIONS

    member = (await make_member()).member
    await fund(member.id, 40)
    section = await EXPORT_SECTIONS["loyalty"](member.id)
    assert section["balance"] == 40 and section["entries"][0]["amount"] == 40


async def test_a_redemption_or_a_hold_cannot_be_reversed() -> None:
    member = (await make_member()).member
    await fund(member.id, 500)
    held = await ledger.hold(member.id, 100, reason="EVENT_FEE", idempotency_key="h")
    from services.loyalty.rewards import redeem_reward

    reward = await make_reward(points_price=100)
    await redeem_reward(actor=member, reward_id=reward.id, idempotency_key="r")
    for kind in (EntryKind.REDEEM, EntryKind.HOLD):
        entry = await LedgerEntry.get(member_id=member.id, kind=kind)
        with pytest.raises(DomainError) as refused:
            await ledger.reverse(entry.id)
        assert refused.value.code == ErrorCode.INVALID_INPUT
    assert await balances(member.id) == (300, 100) and held
