"""Tier benefits read by other domains, and upgrades on earning (with the multiplier)."""

from __future__ import annotations

from models.loyalty import MemberTier, Tier
from models.notifications import Notification
from services.loyalty import ledger
from services.loyalty.tiers import benefits_for, benefits_for_many
from tests.factories import fund, make_member


async def test_benefits_follow_the_tier_table() -> None:
    standard, diamond = (await make_member()).member, (await make_member()).member
    await fund(diamond.id, 20_000)
    benefits = await benefits_for_many([standard.id, diamond.id])
    assert benefits[standard.id].tier_key == "STANDARD"
    assert benefits[standard.id].early_signup_hours == 0
    assert benefits[diamond.id].tier_key == "DIAMOND"
    assert benefits[diamond.id].early_signup_hours == 48
    # benefits are data: a change of the table is seen at once
    await Tier.filter(key="DIAMOND").update(early_signup_hours=72)
    assert (await benefits_for(diamond.id)).early_signup_hours == 72


async def test_a_big_earn_jumps_straight_to_the_tier_it_reaches() -> None:
    member = (await make_member()).member
    await fund(member.id, 8_500)
    assert (await MemberTier.get(member_id=member.id)).tier_key == "GOLD"
    notices = await Notification.filter(member_id=member.id, kind="TIER_CHANGED")
    assert [n.payload for n in notices] == [{"from": "STANDARD", "to": "GOLD"}]


async def test_tier_multiplier_applies_where_the_rule_says() -> None:
    member = (await make_member()).member
    await fund(member.id, 8_000)  # GOLD: 125 %
    event = await ledger.earn(member.id, "EVENT_COMPLETED", idempotency_key="e1")
    badge = await ledger.earn(member.id, "BADGE_AWARDED", idempotency_key="b1")
    assert event.entry.amount == 250  # 200 x 1.25
    assert badge.entry.amount == 50  # rule without multiplier
