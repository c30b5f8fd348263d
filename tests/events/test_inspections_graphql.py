"""Inspections over GraphQL: dealer staff record them, the owner lists them, others cannot
record."""

from __future__ import annotations

from tests.events.support import ERRORS, codes, gid
from tests.factories import make_member, make_vehicle

RECORD = f"""
mutation Record($input: RecordInspectionInput!) {{
  recordInspection(input: $input) {{
    inspection {{ id passed checklist {{ item passed }} notes inspectedOn }} {ERRORS}
  }}
}}"""
MINE = """
query { viewer { inspections(first: 5) { edges { node { passed notes vehicle { year } } } } } }"""


async def test_a_dealer_records_and_the_owner_sees_it(gql):
    # given
    dealer = await make_member("dealer", roles=["dealer"])
    owner = await make_member("owner")
    vehicle = await make_vehicle(owner)
    variables = {"input": {
        "vehicleId": gid("Vehicle", vehicle.id), "passed": True, "notes": "83 项全部通过",
        "checklist": [{"item": "brakes", "passed": True}, {"item": "winch", "passed": True}],
    }}  # fmt: skip
    # when
    refused = (await gql.data(RECORD, variables, token=owner.token))["recordInspection"]
    recorded = (await gql.data(RECORD, variables, token=dealer.token))["recordInspection"]
    mine = await gql.data(MINE, token=owner.token)
    # then
    assert codes(refused) == ["FORBIDDEN"]
    assert recorded["errors"] == []
    assert recorded["inspection"]["checklist"] == [
        {"item": "brakes", "passed": True}, {"item": "winch", "passed": True}
    ]  # fmt: skip
    assert [e["node"] for e in mine["viewer"]["inspections"]["edges"]] == [
        {"passed": True, "notes": "83 项全部通过", "vehicle": {"year": 2024}}
    ]


async def test_a_passed_inspection_with_a_failed_item_is_refused(gql):
    dealer = await make_member("dealer", roles=["dealer"])
    vehicle = await make_vehicle(await make_member("owner"))
    variables = {"input": {"vehicleId": gid("Vehicle", vehicle.id), "passed": True,
                           "checklist": [{"item": "tyres", "passed": False}]}}  # fmt: skip
    payload = (await gql.data(RECORD, variables, token=dealer.token))["recordInspection"]
    assert codes(payload) == ["INVALID_INPUT"]
    assert payload["errors"][0]["field"] == ["input", "passed"]
