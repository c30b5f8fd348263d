"""joinCircle, approveMembership, rejectMembership and leaveCircle."""

from __future__ import annotations

from models.circles import Membership
from models.notifications import Notification
from tests.circles.support import (
    ERRORS,
    JOIN,
    LEAVE,
    MEMBERSHIP_FIELDS,
    active_count,
    codes,
    create_circle,
    gid,
    join,
    pk,
    stored_count,
)
from tests.factories import make_member

APPROVE = f"""
mutation Approve($input: MembershipDecisionInput!) {{
  approveMembership(input: $input) {{ membership {{ {MEMBERSHIP_FIELDS} }} {ERRORS} }}
}}"""
REJECT = f"""
mutation Reject($input: MembershipDecisionInput!) {{
  rejectMembership(input: $input) {{ membership {{ {MEMBERSHIP_FIELDS} }} {ERRORS} }}
}}"""
BAN = f"""
mutation Ban($input: CircleMemberInput!) {{
  banMember(input: $input) {{ membership {{ {MEMBERSHIP_FIELDS} }} {ERRORS} }}
}}"""
PENDING = """
query Pending($slug: String!) {
  circle(slug: $slug) {
    members(first: 10, status: PENDING) { edges { node { id member { handle } } } }
  }
}"""


async def test_joining_an_open_circle_counts_the_member(gql):
    # given
    owner = await make_member("owner")
    rider = await make_member("rider")
    circle = await create_circle(gql, owner)
    # when
    payload = await join(gql, rider, circle["id"])
    # then
    assert payload["errors"] == []
    assert payload["membership"]["status"] == "ACTIVE"
    assert payload["membership"]["role"] == "MEMBER"
    assert payload["membership"]["circle"]["memberCount"] == 2


async def test_joining_twice_is_refused_and_counts_once(gql):
    owner = await make_member("owner")
    rider = await make_member("rider")
    circle = await create_circle(gql, owner)
    await join(gql, rider, circle["id"])
    again = await join(gql, rider, circle["id"])
    assert codes(again) == ["ALREADY_MEMBER"]
    assert await stored_count(pk(circle["id"])) == 2


async def test_banned_member_cannot_join(gql):
    # given
    owner = await make_member("owner")
    rider = await make_member("rider")
    circle = await create_circle(gql, owner)
    await join(gql, rider, circle["id"])
    variables = {"input": {"circleId": circle["id"], "memberId": _member_gid(rider)}}
    banned = await gql.data(BAN, variables, token=owner.token)
    assert banned["banMember"]["membership"]["status"] == "BANNED"
    # when
    again = await join(gql, rider, circle["id"])
    # then
    assert codes(again) == ["BANNED"]
    assert await stored_count(pk(circle["id"])) == 1 == await active_count(pk(circle["id"]))


async def test_approval_circle_requests_wait_for_a_moderator(gql):
    # given
    owner = await make_member("owner")
    rider = await make_member("rider")
    stranger = await make_member("stranger")
    circle = await create_circle(gql, owner, slug="doctors", joinPolicy="APPROVAL")
    # when
    requested = await join(gql, rider, circle["id"])
    twice = await join(gql, rider, circle["id"])
    # then
    assert requested["membership"]["status"] == "PENDING"
    assert codes(twice) == ["ALREADY_DONE"]
    assert await stored_count(pk(circle["id"])) == 1
    pending = await gql.data(PENDING, {"slug": "doctors"}, token=owner.token)
    edges = pending["circle"]["members"]["edges"]
    assert [e["node"]["member"]["handle"] for e in edges] == ["rider"]
    hidden = await gql(PENDING, {"slug": "doctors"}, token=stranger.token)
    assert hidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    # when a non-moderator tries to approve
    decision = {"input": {"membershipId": requested["membership"]["id"]}}
    refused = await gql.data(APPROVE, decision, token=stranger.token)
    # then
    assert codes(refused["approveMembership"]) == ["FORBIDDEN"]
    assert (await Membership.get(id=pk(requested["membership"]["id"]))).status == "PENDING"

    # when the owner approves
    approved = await gql.data(APPROVE, decision, token=owner.token)
    # then
    assert approved["approveMembership"]["membership"]["status"] == "ACTIVE"
    assert approved["approveMembership"]["membership"]["circle"]["memberCount"] == 2
    notice = await Notification.get(member_id=rider.member.id, kind="CIRCLE_JOIN_APPROVED")
    assert notice.payload["circleId"] == pk(circle["id"])
    again = await gql.data(APPROVE, decision, token=owner.token)
    assert codes(again["approveMembership"]) == ["ALREADY_DONE"]
    assert await stored_count(pk(circle["id"])) == 2


async def test_rejected_requests_are_not_counted(gql):
    owner = await make_member("owner")
    rider = await make_member("rider")
    circle = await create_circle(gql, owner, joinPolicy="APPROVAL")
    requested = await join(gql, rider, circle["id"])
    decision = {"input": {"membershipId": requested["membership"]["id"]}}
    rejected = await gql.data(REJECT, decision, token=owner.token)
    assert rejected["rejectMembership"]["membership"]["status"] == "REJECTED"
    assert await Notification.filter(member_id=rider.member.id).count() == 1
    assert await stored_count(pk(circle["id"])) == 1


async def test_invite_only_circles_refuse_plain_joins(gql):
    owner = await make_member("owner")
    rider = await make_member("rider")
    circle = await create_circle(gql, owner, joinPolicy="INVITE")
    refused = await join(gql, rider, circle["id"])
    assert codes(refused) == ["FORBIDDEN"]
    assert await Membership.filter(member_id=rider.member.id).count() == 0


async def test_leaving_uncounts_once_and_the_owner_must_transfer_first(gql):
    # given
    owner = await make_member("owner")
    rider = await make_member("rider")
    circle = await create_circle(gql, owner)
    await join(gql, rider, circle["id"])
    variables = {"input": {"circleId": circle["id"]}}
    # when
    left = await gql.data(LEAVE, variables, token=rider.token)
    twice = await gql.data(LEAVE, variables, token=rider.token)
    owner_leaves = await gql.data(LEAVE, variables, token=owner.token)
    # then
    assert left["leaveCircle"]["membership"]["status"] == "LEFT"
    assert left["leaveCircle"]["membership"]["circle"]["memberCount"] == 1
    assert codes(twice["leaveCircle"]) == ["NOT_MEMBER"]
    assert codes(owner_leaves["leaveCircle"]) == ["FORBIDDEN"]
    assert await stored_count(pk(circle["id"])) == 1

    # and a member who left may come back
    back = await join(gql, rider, circle["id"])
    assert back["membership"]["status"] == "ACTIVE"
    assert await stored_count(pk(circle["id"])) == 2


async def test_joining_a_missing_circle_is_not_found(gql):
    rider = await make_member("rider")
    body = await gql.data(JOIN, {"input": {"circleId": gid("Circle", 999)}}, token=rider.token)
    assert codes(body["joinCircle"]) == ["NOT_FOUND"]


def _member_gid(member) -> str:
    return gid("Member", member.member.id)
