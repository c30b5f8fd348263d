"""requestCircleCertification and decideCircleCertification (staff)."""

from __future__ import annotations

from models.circles import Circle
from models.notifications import Notification
from tests.circles.support import ERRORS, codes, create_circle, join, pk
from tests.factories import make_member

REQUEST = f"""
mutation Request($input: RequestCircleCertificationInput!) {{
  requestCircleCertification(input: $input) {{
    circle {{ certified certification certificationNote }} {ERRORS}
  }}
}}"""
DECIDE = f"""
mutation Decide($input: DecideCircleCertificationInput!) {{
  decideCircleCertification(input: $input) {{
    circle {{ certified certification certificationNote }} {ERRORS}
  }}
}}"""
CERTIFIED = """
query { circles(filter: {certified: true}, first: 10) { edges { node { slug } } } }
"""


async def _request(gql, member, circle_id, note="成员均为医生"):
    variables = {"input": {"circleId": circle_id, "note": note}}
    return (await gql.data(REQUEST, variables, token=member.token))["requestCircleCertification"]


async def _decide(gql, member, circle_id, approve, reason=None):
    variables = {"input": {"circleId": circle_id, "approve": approve, "reason": reason}}
    return (await gql.data(DECIDE, variables, token=member.token))["decideCircleCertification"]


async def test_owner_requests_and_staff_certify(gql):
    # given
    owner, rider = await make_member("owner"), await make_member("rider")
    staff = await make_member("staff", roles=["moderator"])
    circle = await create_circle(gql, owner, slug="doctors")
    await join(gql, rider, circle["id"])
    # when
    by_member = await _request(gql, rider, circle["id"])
    requested = await _request(gql, owner, circle["id"])
    twice = await _request(gql, owner, circle["id"])
    by_owner = await _decide(gql, owner, circle["id"], True)
    approved = await _decide(gql, staff, circle["id"], True)
    # then
    assert codes(by_member) == ["FORBIDDEN"]
    assert requested["circle"]["certification"] == "REQUESTED"
    assert requested["circle"]["certificationNote"] == "成员均为医生"
    assert codes(twice) == ["ALREADY_DONE"]
    assert codes(by_owner) == ["FORBIDDEN"]
    assert approved["circle"] == {
        "certified": True,
        "certification": "CERTIFIED",
        "certificationNote": "",
    }
    notice = await Notification.get(member_id=owner.member.id)
    assert notice.kind == "CIRCLE_CERTIFICATION_DECIDED" and notice.payload["certified"] is True
    listed = await gql.data(CERTIFIED)
    assert [e["node"]["slug"] for e in listed["circles"]["edges"]] == ["doctors"]
    assert codes(await _decide(gql, staff, circle["id"], False, "重复")) == ["ALREADY_DONE"]


async def test_rejection_needs_a_reason_and_allows_a_new_request(gql):
    owner = await make_member("owner")
    staff = await make_member("staff", roles=["admin"])
    circle = await create_circle(gql, owner)
    assert codes(await _decide(gql, staff, circle["id"], True)) == ["ALREADY_DONE"]
    await _request(gql, owner, circle["id"])
    assert codes(await _decide(gql, staff, circle["id"], False)) == ["INVALID_INPUT"]
    assert (await Circle.get(id=pk(circle["id"]))).certification == "REQUESTED"
    rejected = await _decide(gql, staff, circle["id"], False, "成员太少")
    assert rejected["circle"]["certification"] == "REJECTED"
    assert rejected["circle"]["certificationNote"] == "成员太少"
    again = await _request(gql, owner, circle["id"], "人多了")
    assert again["circle"]["certification"] == "REQUESTED"
