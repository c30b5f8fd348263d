"""transferOwnership, setMemberRole, banMember and unbanMember."""

from __future__ import annotations

from models.circles import Membership
from tests.circles.support import (
    ERRORS,
    MEMBERSHIP_FIELDS,
    codes,
    create_circle,
    gid,
    join,
    pk,
    stored_count,
)
from tests.factories import make_member

MUTATION = """
mutation Act($input: {input}!) {{
  {name}(input: $input) {{ membership {{ {fields} }} {errors} }}
}}"""


def _doc(name: str, input_type: str = "CircleMemberInput") -> str:
    return MUTATION.format(name=name, input=input_type, fields=MEMBERSHIP_FIELDS, errors=ERRORS)


TRANSFER, BAN, UNBAN = _doc("transferOwnership"), _doc("banMember"), _doc("unbanMember")
SET_ROLE = _doc("setMemberRole", "SetMemberRoleInput")


async def _act(gql, document, actor, circle, target, **extra):
    variables = {
        "input": {"circleId": circle["id"], "memberId": gid("Member", target.member.id), **extra}
    }
    data = await gql.data(document, variables, token=actor.token)
    return next(iter(data.values()))


async def _role(circle, member) -> str:
    row = await Membership.get(circle_id=pk(circle["id"]), member_id=member.member.id)
    return f"{row.role}/{row.status}"


async def test_ownership_moves_to_an_active_member(gql):
    owner, rider, outsider = [await make_member(h) for h in ("owner", "rider", "outsider")]
    circle = await create_circle(gql, owner)
    await join(gql, rider, circle["id"])
    assert codes(await _act(gql, TRANSFER, rider, circle, rider)) == ["FORBIDDEN"]
    assert codes(await _act(gql, TRANSFER, owner, circle, outsider)) == ["NOT_MEMBER"]
    assert await _role(circle, owner) == "OWNER/ACTIVE"
    moved = await _act(gql, TRANSFER, owner, circle, rider)
    assert moved["membership"]["role"] == "OWNER"
    assert await _role(circle, owner) == "MODERATOR/ACTIVE"
    assert await Membership.filter(circle_id=pk(circle["id"]), role="OWNER").count() == 1


async def test_owner_appoints_moderators_who_ban_members_but_not_each_other(gql):
    # given
    owner, mod, mod2, rider = [await make_member(h) for h in ("owner", "mod", "mod2", "rider")]
    circle = await create_circle(gql, owner)
    for member in (mod, mod2, rider):
        await join(gql, member, circle["id"])
    assert codes(await _act(gql, SET_ROLE, mod, circle, rider, role="MODERATOR")) == ["FORBIDDEN"]
    await _act(gql, SET_ROLE, owner, circle, mod, role="MODERATOR")
    await _act(gql, SET_ROLE, owner, circle, mod2, role="MODERATOR")
    # when / then
    assert codes(await _act(gql, BAN, rider, circle, mod)) == ["FORBIDDEN"]
    assert codes(await _act(gql, BAN, mod, circle, mod2)) == ["FORBIDDEN"]
    assert codes(await _act(gql, BAN, mod, circle, owner)) == ["FORBIDDEN"]
    banned = await _act(gql, BAN, mod, circle, rider)
    assert banned["membership"]["status"] == "BANNED"
    assert await stored_count(pk(circle["id"])) == 3
    assert codes(await _act(gql, BAN, mod, circle, rider)) == ["ALREADY_DONE"]
    assert await stored_count(pk(circle["id"])) == 3
    # and lifting the ban lets them join again without re-adding them
    lifted = await _act(gql, UNBAN, mod, circle, rider)
    assert lifted["membership"]["status"] == "LEFT"
    assert (await join(gql, rider, circle["id"]))["errors"] == []
    assert await stored_count(pk(circle["id"])) == 4


async def test_setting_owner_role_directly_is_refused(gql):
    owner, rider = await make_member("owner"), await make_member("rider")
    circle = await create_circle(gql, owner)
    await join(gql, rider, circle["id"])
    refused = await _act(gql, SET_ROLE, owner, circle, rider, role="OWNER")
    assert codes(refused) == ["INVALID_INPUT"]
    assert await _role(circle, rider) == "MEMBER/ACTIVE"


async def test_a_non_member_can_be_banned_ahead(gql):
    owner, troll = await make_member("owner"), await make_member("troll")
    circle = await create_circle(gql, owner)
    banned = await _act(gql, BAN, owner, circle, troll)
    assert banned["membership"]["status"] == "BANNED"
    assert codes(await join(gql, troll, circle["id"])) == ["BANNED"]
    assert await stored_count(pk(circle["id"])) == 1
