"""``markNotificationsRead``: own ids or all, bad inputs change nothing, concurrent callers."""

from __future__ import annotations

import asyncio
from typing import Any

from strawberry.relay import to_base64

from models.notifications import Notification
from tests.factories import make_member, send_notifications

MARK_READ = """
mutation MarkRead($input: MarkNotificationsReadInput!) {
  markNotificationsRead(input: $input) {
    updatedCount
    unreadCount
    errors { code field message }
  }
}
"""


def _gid(notification_id: int) -> str:
    return to_base64("Notification", notification_id)


async def _read_flags(ids: list[int]) -> list[bool]:
    rows = await Notification.filter(id__in=ids).order_by("id")
    return [row.read for row in rows]


async def _mark(gql: Any, token: str, **input: Any) -> dict[str, Any]:
    data = await gql.data(MARK_READ, {"input": input}, token=token)
    return data["markNotificationsRead"]


async def test_marks_the_given_notifications_read(gql: Any) -> None:
    # given
    alice = await make_member("alice")
    ids = await send_notifications(alice.member.id, 3)
    # when
    result = await _mark(gql, alice.token, ids=[_gid(ids[0]), _gid(ids[1])])
    # then
    assert result == {"updatedCount": 2, "unreadCount": 1, "errors": []}
    assert await _read_flags(ids) == [True, True, False]


async def test_marking_again_changes_nothing(gql: Any) -> None:
    alice = await make_member("alice")
    ids = await send_notifications(alice.member.id, 2)
    await _mark(gql, alice.token, ids=[_gid(ids[0])])
    result = await _mark(gql, alice.token, ids=[_gid(ids[0])])
    assert result == {"updatedCount": 0, "unreadCount": 1, "errors": []}


async def test_marks_all_of_the_viewers_notifications_only(gql: Any) -> None:
    # given
    alice = await make_member("alice")
    bob = await make_member("bob")
    mine = await send_notifications(alice.member.id, 3)
    theirs = await send_notifications(bob.member.id, 2)
    # when
    result = await _mark(gql, alice.token, all=True)
    # then
    assert result == {"updatedCount": 3, "unreadCount": 0, "errors": []}
    assert await _read_flags(mine) == [True, True, True]
    assert await _read_flags(theirs) == [False, False]


async def test_another_members_notification_is_not_found_and_nothing_changes(gql: Any) -> None:
    # given
    alice = await make_member("alice", locale="en")
    bob = await make_member("bob")
    [mine] = await send_notifications(alice.member.id, 1)
    [theirs] = await send_notifications(bob.member.id, 1)
    # when
    result = await _mark(gql, alice.token, ids=[_gid(mine), _gid(theirs)])
    # then
    assert result["updatedCount"] == 0 and result["unreadCount"] is None
    assert result["errors"] == [
        {"code": "NOT_FOUND", "field": ["input", "ids"], "message": "Not found."}
    ]
    assert await _read_flags([mine, theirs]) == [False, False]


async def test_bad_inputs_are_refused_and_change_nothing(gql: Any) -> None:
    # given
    alice = await make_member("alice")
    ids = await send_notifications(alice.member.id, 2)
    cases = [
        ({}, "INVALID_INPUT"),
        ({"ids": []}, "INVALID_INPUT"),
        ({"ids": [_gid(ids[0])], "all": True}, "INVALID_INPUT"),
        ({"ids": [_gid(n) for n in range(1, 102)]}, "INVALID_INPUT"),
        ({"ids": [to_base64("Member", alice.member.id)]}, "NOT_FOUND"),
        ({"ids": [to_base64("Notification", "x1")]}, "NOT_FOUND"),
    ]
    for input, code in cases:
        # when
        result = await _mark(gql, alice.token, **input)
        # then
        assert [error["code"] for error in result["errors"]] == [code], input
        assert result["errors"][0]["field"] == ["input", "ids"]
        assert result["errors"][0]["message"]
    assert await _read_flags(ids) == [False, False]


async def test_a_value_that_is_no_global_id_is_refused_before_execution(gql: Any) -> None:
    # given
    alice = await make_member("alice")
    ids = await send_notifications(alice.member.id, 1)
    # when
    result = await gql(MARK_READ, {"input": {"ids": ["not a global id"]}}, token=alice.token)
    # then
    assert result.get("data") is None
    assert [error["extensions"]["code"] for error in result["errors"]] == ["BAD_USER_INPUT"]
    assert await _read_flags(ids) == [False]


async def test_anonymous_caller_gets_unauthenticated(gql: Any) -> None:
    result = await gql(MARK_READ, {"input": {"all": True}})
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_concurrent_callers_mark_each_notification_once(gql: Any) -> None:
    # given
    alice = await make_member("alice")
    ids = await send_notifications(alice.member.id, 5)
    every = [_gid(n) for n in ids]
    # when
    results = await asyncio.gather(
        *(_mark(gql, alice.token, ids=every) for _ in range(5)),
        *(_mark(gql, alice.token, all=True) for _ in range(5)),
    )
    # then
    assert sum(result["updatedCount"] for result in results) == 5
    assert all(result["unreadCount"] == 0 for result in results[-1:])
    assert await _read_flags(ids) == [True] * 5
