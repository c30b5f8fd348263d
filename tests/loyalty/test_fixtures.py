"""The demo loyalty data: a catalog, earned history and members in every tier, loaded twice."""

from __future__ import annotations

from fixtures import loyalty
from fixtures.loader import load_vehicle_catalog
from fixtures.members import load_demo_members, load_demo_staff
from models.loyalty import Coupon, LedgerEntry, MemberTier, Reward
from models.members import Member
from tests.loyalty.support import assert_consistent


async def test_demo_loyalty_data_covers_every_tier_and_loads_once() -> None:
    # given
    await load_vehicle_catalog()
    await load_demo_members()
    await load_demo_staff()
    # when
    first = await loyalty.load()
    entries = await LedgerEntry.all().count()
    second = await loyalty.load()
    # then
    assert "rewards" in first and second.endswith("0 member histories added")
    assert await LedgerEntry.all().count() == entries > 0
    assert await Reward.all().count() == len(loyalty.CATALOG)
    tiers = set(await MemberTier.all().values_list("tier_key", flat=True))
    standard = await Member.filter(tier_state=None).count()
    assert tiers == {"SILVER", "GOLD", "DIAMOND"} and standard > 0
    assert await Coupon.all().count() > 0
    await assert_consistent()
