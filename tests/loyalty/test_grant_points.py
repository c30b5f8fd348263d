"""grantPoints: one admin call credits thousands of members, set-based and idempotent."""

from __future__ import annotations

import asyncio
from typing import Any

from models.audit import AuditLog
from models.loyalty import LedgerEntry, MemberTier, PointsAccount
from tests.factories import make_member, make_members_in_bulk
from tests.loyalty.support import assert_consistent, error_codes, global_id
from tests.sqlcount import count_sql
from tests.support import GraphQLClient

GRANT = """
mutation Grant($input: GrantPointsInput!) {
  grantPoints(input: $input) { grantedCount errors { code field } }
}
"""


def _input(member_ids: list[int], amount: int = 300, key: str = "season-1", **extra: Any) -> dict:
    return {
        "input": {
            "memberIds": [global_id("Member", m) for m in member_ids],
            "amount": amount,
            "reason": "Season 4 crew",
            "reasonCode": "SEASON_AWARD",
            "idempotencyKey": key,
            **extra,
        }
    }


async def grant(gql: GraphQLClient, token: str, variables: dict[str, Any]) -> dict[str, Any]:
    return (await gql.data(GRANT, variables, token=token))["grantPoints"]


async def test_grant_to_thousands_in_one_call_set_based(gql: GraphQLClient) -> None:
    # given
    admin = await make_member(roles=["admin"])
    members = await make_members_in_bulk(2500, "bulk")
    # when
    async with count_sql() as sql:
        payload = await grant(gql, admin.token, _input(members))
    # then
    assert payload == {"grantedCount": 2500, "errors": []}
    assert sql.count < 40, sql.statements  # statements do not grow with the member count
    assert await PointsAccount.filter(balance=300, lifetime_earned=300).count() == 2500
    assert await LedgerEntry.filter(reason="SEASON_AWARD", remaining=300).count() == 2500
    assert await AuditLog.filter(action="loyalty.points_granted").count() == 1
    await assert_consistent()


async def test_rerunning_a_grant_grants_nothing_more(gql: GraphQLClient) -> None:
    admin = await make_member(roles=["admin"])
    members = await make_members_in_bulk(50, "bulk")
    first = await grant(gql, admin.token, _input(members))
    runs = await asyncio.gather(*(grant(gql, admin.token, _input(members)) for _ in range(5)))
    assert first["grantedCount"] == 50
    assert all(run == first for run in runs)
    assert await LedgerEntry.all().count() == 50
    assert set(await PointsAccount.all().values_list("balance", flat=True)) == {300}


async def test_a_grant_that_crosses_a_threshold_upgrades(gql: GraphQLClient) -> None:
    admin = await make_member(roles=["admin"])
    members = await make_members_in_bulk(3, "bulk")
    await grant(gql, admin.token, _input(members, amount=8000))
    assert set(await MemberTier.all().values_list("tier_key", flat=True)) == {"GOLD"}


async def test_bad_grants_change_nothing(gql: GraphQLClient) -> None:
    admin = await make_member(roles=["admin"])
    members = await make_members_in_bulk(3, "bulk")
    cases = [
        (_input(members, amount=0), "INVALID_INPUT"),
        (_input(members, amount=-5), "INVALID_INPUT"),
        (_input([]), "INVALID_INPUT"),
        (_input([*members, 999_999]), "NOT_FOUND"),
        (_input(members, reason=""), "INVALID_INPUT"),
        (_input(members, reasonCode="lower case"), "INVALID_INPUT"),
    ]
    for variables, code in cases:
        assert error_codes(await grant(gql, admin.token, variables)) == [code]
    await grant(gql, admin.token, _input(members, key="k"))
    reused = await grant(gql, admin.token, _input(members[:2], key="k"))
    assert error_codes(reused) == ["IDEMPOTENCY_KEY_REUSED"]
    assert await LedgerEntry.all().count() == 3


async def test_members_may_not_grant(gql: GraphQLClient) -> None:
    member = await make_member()
    payload = await grant(gql, member.token, _input([member.member.id]))
    assert error_codes(payload) == ["FORBIDDEN"]
    assert not await LedgerEntry.exists()
