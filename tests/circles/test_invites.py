"""createInvite and joinWithInvite."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from models.circles import CircleInvite, Membership
from models.notifications import Notification
from tests.circles.support import (
    ERRORS,
    MEMBERSHIP_FIELDS,
    codes,
    create_circle,
    gid,
    pk,
    stored_count,
)
from tests.factories import make_member

CREATE_INVITE = f"""
mutation Invite($input: CreateInviteInput!) {{
  createInvite(input: $input) {{
    invite {{ code maxUses uses expiresAt circle {{ slug }} }} {ERRORS}
  }}
}}"""
JOIN_WITH_INVITE = f"""
mutation Use($input: JoinWithInviteInput!) {{
  joinWithInvite(input: $input) {{ membership {{ {MEMBERSHIP_FIELDS} }} {ERRORS} }}
}}"""


async def _invite(gql, owner, circle_id, **fields):
    data = await gql.data(
        CREATE_INVITE, {"input": {"circleId": circle_id, **fields}}, token=owner.token
    )
    return data["createInvite"]


async def _use(gql, member, code):
    data = await gql.data(JOIN_WITH_INVITE, {"input": {"code": code}}, token=member.token)
    return data["joinWithInvite"]


async def test_an_invite_lets_members_into_an_invite_only_circle(gql):
    # given
    owner = await make_member("owner")
    rider = await make_member("rider")
    circle = await create_circle(gql, owner, slug="secret-trails", joinPolicy="INVITE")
    invite = (await _invite(gql, owner, circle["id"], maxUses=2))["invite"]
    # when
    joined = await _use(gql, rider, invite["code"].lower())
    # then
    assert joined["errors"] == []
    assert joined["membership"]["status"] == "ACTIVE"
    assert joined["membership"]["circle"]["memberCount"] == 2
    assert (await CircleInvite.get(code=invite["code"])).uses == 1


async def test_named_invitee_is_notified_and_only_they_can_use_it(gql):
    owner = await make_member("owner")
    invitee = await make_member("invitee")
    other = await make_member("other")
    circle = await create_circle(gql, owner, joinPolicy="INVITE")
    payload = await _invite(gql, owner, circle["id"], inviteeId=gid("Member", invitee.member.id))
    code = payload["invite"]["code"]
    notice = await Notification.get(member_id=invitee.member.id, kind="CIRCLE_INVITE")
    assert notice.payload["code"] == code
    assert codes(await _use(gql, other, code)) == ["INVITE_INVALID"]
    assert (await _use(gql, invitee, code))["errors"] == []


async def test_expired_used_up_and_unknown_codes_change_nothing(gql):
    # given
    owner = await make_member("owner")
    first, second, third = [await make_member(f"rider{n}") for n in range(3)]
    circle = await create_circle(gql, owner, joinPolicy="INVITE")
    single = (await _invite(gql, owner, circle["id"], maxUses=1))["invite"]["code"]
    expired = (await _invite(gql, owner, circle["id"], maxUses=5))["invite"]["code"]
    await CircleInvite.filter(code=expired).update(
        expires_at=datetime.now(UTC) - timedelta(minutes=1)
    )
    assert (await _use(gql, first, single))["errors"] == []
    # when / then
    assert codes(await _use(gql, second, single)) == ["LIMIT_REACHED"]
    assert codes(await _use(gql, second, expired)) == ["EXPIRED"]
    assert codes(await _use(gql, second, "NOSUCHCODE")) == ["INVITE_INVALID"]
    assert codes(await _use(gql, third, "")) == ["INVITE_INVALID"]
    assert codes(await _use(gql, third, "A" * 17)) == ["INVITE_INVALID"]  # longer than any code
    assert await Membership.filter(member_id__in=[second.member.id, third.member.id]).count() == 0
    assert (await CircleInvite.get(code=expired)).uses == 0
    assert await stored_count(pk(circle["id"])) == 2


async def test_a_member_already_in_keeps_the_use(gql):
    owner = await make_member("owner")
    rider = await make_member("rider")
    circle = await create_circle(gql, owner, joinPolicy="INVITE")
    code = (await _invite(gql, owner, circle["id"], maxUses=3))["invite"]["code"]
    await _use(gql, rider, code)
    assert codes(await _use(gql, rider, code)) == ["ALREADY_MEMBER"]
    assert (await CircleInvite.get(code=code)).uses == 1


async def test_concurrent_uses_never_exceed_the_limit(gql):
    owner = await make_member("owner")
    riders = [await make_member(f"rider{n}") for n in range(12)]
    circle = await create_circle(gql, owner, joinPolicy="INVITE")
    code = (await _invite(gql, owner, circle["id"], maxUses=5))["invite"]["code"]
    results = await asyncio.gather(*(_use(gql, rider, code) for rider in riders))
    assert sum(1 for r in results if not r["errors"]) == 5
    assert {c for r in results for c in codes(r)} == {"LIMIT_REACHED"}
    assert (await CircleInvite.get(code=code)).uses == 5
    assert await stored_count(pk(circle["id"])) == 6


async def test_only_moderators_create_invites_within_limits(gql):
    owner = await make_member("owner")
    rider = await make_member("rider")
    circle = await create_circle(gql, owner)
    assert codes(await _invite(gql, rider, circle["id"])) == ["FORBIDDEN"]
    assert codes(await _invite(gql, owner, circle["id"], maxUses=0)) == ["INVALID_INPUT"]
    assert codes(await _invite(gql, owner, circle["id"], validHours=10_000)) == ["INVALID_INPUT"]
    assert await CircleInvite.all().count() == 0
