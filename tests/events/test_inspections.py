"""Inspections: recorded by dealer staff only, checked for consistency, listed for the owner of
the vehicle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models.events import Inspection
from services.errors import DomainError, ErrorCode
from services.events.inspections import ChecklistItem, member_inspections, record_inspection
from services.pagination import PageArgs
from tests.events.ops_support import acting
from tests.factories import make_dealer_staff, make_member, make_vehicle

CHECKLIST = [ChecklistItem("brakes", True), ChecklistItem("tyres", True)]


async def test_a_dealer_records_an_inspection_the_owner_sees(gql):
    # given
    dealer = await make_member("dealer", roles=["dealer"])
    await make_dealer_staff(dealer, "BJ-001")
    owner = await make_member("owner")
    vehicle = await make_vehicle(owner)
    # when
    row = await record_inspection(
        actor=acting(dealer, "dealer"), vehicle_id=vehicle.id, passed=True, checklist=CHECKLIST,
        notes="四驱系统正常",
    )  # fmt: skip
    # then
    assert (row.member_id, row.dealer_code, row.passed) == (owner.member.id, "BJ-001", True)
    assert row.checklist == {"brakes": True, "tyres": True}
    page = await member_inspections(member_id=owner.member.id, args=PageArgs(first=10))
    assert [item.id for item in page.items] == [row.id]
    others = await member_inspections(member_id=dealer.member.id, args=PageArgs(first=10))
    assert others.items == []


async def test_a_non_dealer_cannot_record_an_inspection(gql):
    owner = await make_member("owner")
    vehicle = await make_vehicle(owner)
    for roles in ((), ("moderator",), ("issuer",)):
        with pytest.raises(DomainError) as refused:
            await record_inspection(actor=acting(owner, *roles), vehicle_id=vehicle.id, passed=True)
        assert refused.value.code == ErrorCode.FORBIDDEN
    assert await Inspection.all().count() == 0


async def test_inconsistent_inspections_are_refused(gql):
    dealer = await make_member("dealer", roles=["dealer"])
    owner = await make_member("owner")
    vehicle = await make_vehicle(owner)
    today = datetime.now(UTC).date()
    cases = [
        ({"passed": True, "checklist": [ChecklistItem("brakes", False)]}, "passed"),
        ({"passed": False, "checklist": [ChecklistItem("a", True), ChecklistItem("a", False)]},
         "checklist"),
        ({"passed": False, "checklist": [ChecklistItem(" ", True)]}, "checklist"),
        ({"passed": True, "inspected_on": today + timedelta(days=3)}, "inspected_on"),
        ({"passed": True, "notes": "x" * 2001}, "notes"),
    ]  # fmt: skip
    for values, field in cases:
        with pytest.raises(DomainError) as refused:
            await record_inspection(actor=acting(dealer, "dealer"), vehicle_id=vehicle.id, **values)
        assert refused.value.code == ErrorCode.INVALID_INPUT
        assert refused.value.field[0] == field
    with pytest.raises(DomainError) as missing:
        await record_inspection(actor=acting(dealer, "dealer"), vehicle_id=999_999, passed=True)
    assert missing.value.code == ErrorCode.NOT_FOUND
    assert await Inspection.all().count() == 0
