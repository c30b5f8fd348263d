"""The statement count of the notifications list does not grow with the page size."""

from __future__ import annotations

from typing import Any

from models.notifications import Notification
from tests.factories import make_member
from tests.sqlcount import count_sql

NOTIFICATIONS = """
query Notifications($first: Int!) {
  viewer {
    unreadNotificationCount
    notifications(first: $first) {
      totalCount
      edges { cursor node { id kind payload read createdAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""


async def _statements(gql: Any, token: str, first: int) -> int:
    async with count_sql() as sql:
        data = await gql.data(NOTIFICATIONS, {"first": first}, token=token)
    assert len(data["viewer"]["notifications"]["edges"]) == first
    return sql.count


async def test_statement_count_is_the_same_for_10_and_100_notifications(gql: Any) -> None:
    # given
    alice = await make_member("alice")
    await Notification.bulk_create(
        [
            Notification(member_id=alice.member.id, kind="NOTICE", payload={"n": n})
            for n in range(120)
        ]
    )
    # when
    small = await _statements(gql, alice.token, 10)
    large = await _statements(gql, alice.token, 100)
    # then
    assert small == large, (small, large)
    assert 1 <= small <= 5, small
