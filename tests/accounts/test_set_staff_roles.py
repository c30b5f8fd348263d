"""setStaffRoles: admins grant and remove staff roles, audited."""

from __future__ import annotations

from typing import Any

from strawberry.relay import to_base64

from models.accounts import Account
from models.audit import AuditLog
from tests.accounts.support import codes, row_counts
from tests.factories import make_member

SET_STAFF_ROLES = """
mutation SetStaffRoles($input: SetStaffRolesInput!) {
  setStaffRoles(input: $input) {
    member { handle }
    roles
    errors { code field message }
  }
}
"""
ROLES = "query Roles { viewer { roles } }"


def member_id(member: Any) -> str:
    return to_base64("Member", member.id)


async def set_roles(gql: Any, token: str, member: Any, roles: list[str]) -> dict[str, Any]:
    variables = {"input": {"memberId": member_id(member), "roles": roles}}
    return (await gql.data(SET_STAFF_ROLES, variables, token=token))["setStaffRoles"]


async def test_an_admin_sets_roles_and_the_change_is_audited(gql: Any) -> None:
    # given
    admin = await make_member("chief", roles=["admin"])
    dealer = await make_member("dealer_bj")
    # when
    payload = await set_roles(gql, admin.token, dealer.member, ["DEALER", "ISSUER", "DEALER"])
    # then
    assert payload == {
        "member": {"handle": "dealer_bj"},
        "roles": ["DEALER", "ISSUER"],
        "errors": [],
    }
    assert (await Account.get(id=dealer.account.id)).roles == ["dealer", "issuer"]
    entry = await AuditLog.get(action="staff.roles_set")
    assert (entry.actor_id, entry.subject_member_id) == (admin.member.id, dealer.member.id)
    assert entry.detail == {"before": [], "after": ["dealer", "issuer"]}
    assert entry.request_id
    roles = await gql.data(ROLES, token=dealer.token)
    assert roles == {"viewer": {"roles": ["dealer", "issuer"]}}


async def test_removing_a_role_ends_access_tokens_that_claim_it(gql: Any) -> None:
    # given
    admin = await make_member("chief", roles=["admin"])
    moderator = await make_member("mod", roles=["moderator"])
    # when
    payload = await set_roles(gql, admin.token, moderator.member, [])
    # then
    assert payload["roles"] == []
    assert await gql.data(ROLES, token=moderator.token) == {"viewer": None}


async def test_non_admins_are_forbidden(gql: Any) -> None:
    # given
    moderator = await make_member("mod", roles=["moderator"])
    target = await make_member("target")
    before = await row_counts()
    # when
    payload = await set_roles(gql, moderator.token, target.member, ["ADMIN"])
    # then
    assert codes(payload) == ["FORBIDDEN"]
    assert payload["member"] is None
    assert await row_counts() == before
    assert (await Account.get(id=target.account.id)).roles == []


async def test_unknown_member_is_not_found(gql: Any) -> None:
    # given
    admin = await make_member("chief", roles=["admin"])
    before = await row_counts()
    # when
    missing = await gql.data(
        SET_STAFF_ROLES,
        {"input": {"memberId": to_base64("Member", 999999), "roles": ["DEALER"]}},
        token=admin.token,
    )
    wrong_type = await gql.data(
        SET_STAFF_ROLES,
        {"input": {"memberId": to_base64("Circle", admin.member.id), "roles": []}},
        token=admin.token,
    )
    garbage = await gql(
        SET_STAFF_ROLES, {"input": {"memberId": "???", "roles": []}}, token=admin.token
    )
    # then
    assert codes(missing["setStaffRoles"]) == codes(wrong_type["setStaffRoles"]) == ["NOT_FOUND"]
    assert [error["extensions"]["code"] for error in garbage["errors"]] == ["BAD_USER_INPUT"]
    assert await row_counts() == before


async def test_an_admin_cannot_drop_their_own_admin_role(gql: Any) -> None:
    # given
    admin = await make_member("chief", roles=["admin"])
    # when
    payload = await set_roles(gql, admin.token, admin.member, ["MODERATOR"])
    # then
    assert codes(payload) == ["INVALID_INPUT"]
    assert (await Account.get(id=admin.account.id)).roles == ["admin"]


async def test_setting_roles_needs_a_signed_in_viewer(gql: Any) -> None:
    target = await make_member("target")
    result = await gql(
        SET_STAFF_ROLES, {"input": {"memberId": member_id(target.member), "roles": ["ADMIN"]}}
    )
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
