"""Loyalty jobs, each run twice: expiry, expiry notices, tier evaluation, consistency."""

from __future__ import annotations

from datetime import timedelta

from tortoise import Tortoise

from jobs import loyalty as jobs
from models.loyalty import EntryKind, LedgerEntry, MemberTier, PointsAccount, TierChange
from models.notifications import Notification
from runtime.metrics import LOYALTY_INCONSISTENCIES
from services.core import clock
from services.loyalty import ledger
from services.loyalty.dates import expiry_date
from services.loyalty.rewards import redeem_reward
from tests.factories import fund, make_member, make_reward
from tests.loyalty.support import assert_consistent, balances


def months_ago(months: int):
    now = clock.now()
    return now.replace(year=clock.add_months(now.date(), -months).year,
                       month=clock.add_months(now.date(), -months).month, day=1)  # fmt: skip


async def test_expiry_takes_what_is_left_of_old_lots_once() -> None:
    # given an old lot of 500 (200 of it spent) and a fresh lot of 100
    member = (await make_member()).member
    old = months_ago(25)
    await fund(member.id, 500, now=old)
    await fund(member.id, 100)
    reward = await make_reward(points_price=200)
    await redeem_reward(actor=member, reward_id=reward.id, idempotency_key="r")
    # when
    first = await jobs.expire_points()
    second = await jobs.expire_points()
    # then
    assert first == {"members": 1, "entries": 1, "points": 300}
    assert second == {"members": 0, "entries": 0, "points": 0}
    assert await balances(member.id) == (100, 0)
    expired = await LedgerEntry.get(member_id=member.id, kind=EntryKind.EXPIRE)
    assert expired.amount == -300
    await assert_consistent()


async def test_held_points_wait_for_their_hold() -> None:
    member = (await make_member()).member
    await fund(member.id, 500, now=months_ago(25))
    held = await ledger.hold(member.id, 200, reason="ORDER_PAYMENT", idempotency_key="o1")
    assert (await jobs.expire_points())["points"] == 300
    assert (await jobs.expire_points())["points"] == 0
    assert await balances(member.id) == (0, 200)
    await ledger.release(held.hold.id)
    assert (await jobs.expire_points())["points"] == 200
    assert await balances(member.id) == (0, 0)
    await assert_consistent()


async def test_expiry_of_many_members_in_chunks() -> None:
    members = [(await make_member()).member for _ in range(7)]
    for member in members:
        await fund(member.id, 40, now=months_ago(30))
    from services.loyalty.expiry import expire_points

    summary = await expire_points(chunk=3)
    assert summary == {"members": 7, "entries": 7, "points": 280}
    assert set(await PointsAccount.all().values_list("balance", flat=True)) == {0}
    await assert_consistent()


async def test_expiry_notices_once_per_member_and_date() -> None:
    # given lots expiring in 10, 20 and 40 days
    member = (await make_member()).member
    now = clock.now()
    dates = []
    for days in (10, 20, 40):
        entry_id = await fund(member.id, days)
        moment = now + timedelta(days=days)
        await LedgerEntry.filter(id=entry_id).update(expires_at=moment)
        dates.append(expiry_date(moment).isoformat())
    # when
    first = await jobs.expiry_notices()
    second = await jobs.expiry_notices()
    # then
    assert first == {"notices": 2} and second == {"notices": 0}
    notices = await Notification.filter(kind="POINTS_EXPIRING").order_by("id")
    assert sorted((n.payload["date"], n.payload["amount"]) for n in notices) == [
        (dates[0], 10),
        (dates[1], 20),
    ]


async def test_tier_downgrade_only_after_the_grace_period() -> None:
    # given a member who reached GOLD 13 months ago and earned nothing since
    member = (await make_member()).member
    await fund(member.id, 9000, now=months_ago(13))
    assert (await MemberTier.get(member_id=member.id)).tier_key == "GOLD"
    now = clock.now()
    # when / then: the first run starts the grace period, a second run changes nothing
    assert (await jobs.evaluate_tiers(now=now))["grace_started"] == 1
    again = await jobs.evaluate_tiers(now=now)
    assert again["grace_started"] == 0 and again["downgraded"] == 0
    assert (await MemberTier.get(member_id=member.id)).tier_key == "GOLD"
    # after the grace period it moves down, once
    later = now + timedelta(days=31)
    assert (await jobs.evaluate_tiers(now=later))["downgraded"] == 1
    assert (await jobs.evaluate_tiers(now=later))["downgraded"] == 0
    assert (await MemberTier.get(member_id=member.id)).tier_key == "STANDARD"
    history = await TierChange.filter(member_id=member.id).order_by("id")
    assert [(h.from_key, h.to_key) for h in history] == [("STANDARD", "GOLD"), ("GOLD", "STANDARD")]
    notices = await Notification.filter(member_id=member.id, kind="TIER_CHANGED").order_by("id")
    assert [n.payload for n in notices] == [
        {"from": "STANDARD", "to": "GOLD"},
        {"from": "GOLD", "to": "STANDARD"},
    ]


async def test_earning_back_during_grace_keeps_the_tier() -> None:
    member = (await make_member()).member
    await fund(member.id, 2500, now=months_ago(13))
    now = clock.now()
    await jobs.evaluate_tiers(now=now)
    assert (await MemberTier.get(member_id=member.id)).below_since is not None
    await fund(member.id, 2100)
    summary = await jobs.evaluate_tiers(now=now + timedelta(days=40))
    assert summary["recovered"] == 1 and summary["downgraded"] == 0
    state = await MemberTier.get(member_id=member.id)
    assert state.tier_key == "SILVER" and state.below_since is None


async def test_consistency_reports_and_never_repairs() -> None:
    # given
    member = (await make_member()).member
    await fund(member.id, 100)
    clean = await jobs.consistency()
    assert clean == {"accounts": 1, "mismatches": dict.fromkeys(clean["mismatches"], 0)}
    # when the cached balance is tampered with behind the ledger's back
    connection = Tortoise.get_connection("default")
    await connection.execute_query(
        f"UPDATE points_accounts SET balance = balance + 7 WHERE member_id = {member.id}"
    )
    first = await jobs.consistency()
    second = await jobs.consistency()
    # then
    assert first == second
    assert first["mismatches"]["balance"] == 1 and first["mismatches"]["lots"] == 1
    assert LOYALTY_INCONSISTENCIES.labels("balance")._value.get() == 1
    assert await balances(member.id) == (107, 0)  # reported, not repaired
