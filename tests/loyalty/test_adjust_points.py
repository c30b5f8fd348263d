"""adjustPoints: an admin adds or removes a member's points with a reason, audited."""

from __future__ import annotations

from typing import Any

import pytest

from models.audit import AuditLog
from models.loyalty import LedgerEntry
from models.notifications import Notification
from tests.factories import fund, make_member
from tests.loyalty.support import assert_consistent, balances, error_codes, global_id
from tests.support import GraphQLClient

ADJUST = """
mutation Adjust($input: AdjustPointsInput!) {
  adjustPoints(input: $input) {
    entry { kind reason amount note }
    errors { code field }
  }
}
"""


def _input(member_id: int, amount: int, reason: str = "补偿活动取消", key: str = "adj-1") -> dict:
    return {
        "input": {
            "memberId": global_id("Member", member_id),
            "amount": amount,
            "reason": reason,
            "idempotencyKey": key,
        }
    }


async def adjust(gql: GraphQLClient, token: str, variables: dict[str, Any]) -> dict[str, Any]:
    return (await gql.data(ADJUST, variables, token=token))["adjustPoints"]


async def test_admin_adds_and_removes_points_with_an_audit_row(gql: GraphQLClient) -> None:
    # given
    admin = await make_member(roles=["admin"])
    member = await make_member()
    await fund(member.member.id, 100)
    # when
    added = await adjust(gql, admin.token, _input(member.member.id, 50, key="a"))
    removed = await adjust(gql, admin.token, _input(member.member.id, -120, key="b"))
    # then
    assert added["entry"] == {"kind": "ADJUST", "reason": "MANUAL", "amount": 50,
                              "note": "补偿活动取消"}  # fmt: skip
    assert removed["errors"] == [] and removed["entry"]["amount"] == -120
    assert await balances(member.member.id) == (30, 0)
    audit = await AuditLog.filter(action="loyalty.points_adjusted").order_by("id")
    assert [row.detail["amount"] for row in audit] == [50, -120]
    assert {row.actor_id for row in audit} == {admin.member.id}
    assert (
        await Notification.filter(member_id=member.member.id, kind="POINTS_ADJUSTED").count() == 2
    )
    await assert_consistent()


async def test_replay_adjusts_once(gql: GraphQLClient) -> None:
    admin, member = await make_member(roles=["admin"]), await make_member()
    await adjust(gql, admin.token, _input(member.member.id, 70))
    again = await adjust(gql, admin.token, _input(member.member.id, 70))
    assert again["errors"] == []
    assert await balances(member.member.id) == (70, 0)
    reused = await adjust(gql, admin.token, _input(member.member.id, 71))
    assert error_codes(reused) == ["IDEMPOTENCY_KEY_REUSED"]
    assert await balances(member.member.id) == (70, 0)


@pytest.mark.parametrize(
    ("amount", "reason", "code"),
    [(0, "reason", "INVALID_INPUT"), (10, "", "INVALID_INPUT"), (10, "   ", "INVALID_INPUT"),
     (-101, "too much", "INSUFFICIENT_POINTS")],
)  # fmt: skip
async def test_bad_adjustments_change_nothing(
    gql: GraphQLClient, amount: int, reason: str, code: str
) -> None:
    admin, member = await make_member(roles=["admin"]), await make_member()
    await fund(member.member.id, 100)
    payload = await adjust(gql, admin.token, _input(member.member.id, amount, reason))
    assert error_codes(payload) == [code]
    assert await balances(member.member.id) == (100, 0)
    assert not await AuditLog.exists(action="loyalty.points_adjusted")


async def test_members_and_dealers_may_not_adjust(gql: GraphQLClient) -> None:
    member = await make_member()
    for roles in ([], ["dealer"], ["moderator"]):
        caller = await make_member(roles=roles)
        payload = await adjust(gql, caller.token, _input(member.member.id, 1000))
        assert error_codes(payload) == ["FORBIDDEN"]
    assert await balances(member.member.id) == (0, 0)
    assert not await LedgerEntry.exists()


async def test_unknown_member(gql: GraphQLClient) -> None:
    admin = await make_member(roles=["admin"])
    payload = await adjust(gql, admin.token, _input(987654, 10))
    assert error_codes(payload) == ["NOT_FOUND"]
