"""``viewer.notifications``, ``viewer.unreadNotificationCount`` and ``node(id:)``."""

from __future__ import annotations

from typing import Any

from strawberry.relay import to_base64

from models.notifications import Notification
from services.notifications import notify
from tests.factories import make_member, send_notifications

NOTIFICATIONS = """
query Notifications($first: Int, $after: String, $last: Int, $before: String, $unread: Boolean!) {
  viewer {
    unreadNotificationCount
    notifications(first: $first, after: $after, last: $last, before: $before,
                  unreadOnly: $unread) {
      totalCount
      edges { cursor node { id kind payload read } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}
"""

NODE = "query Node($id: ID!) { node(id: $id) { id ... on Notification { kind } } }"


async def _page(gql: Any, token: str, **variables: Any) -> dict[str, Any]:
    variables.setdefault("unread", False)
    data = await gql.data(NOTIFICATIONS, variables, token=token)
    return data["viewer"]


def _kinds(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["kind"] for edge in connection["edges"]]


async def test_pages_forward_newest_first(gql: Any) -> None:
    # given
    alice = await make_member("alice")
    await send_notifications(alice.member.id, 5, kind="K{n}")
    # when
    first = (await _page(gql, alice.token, first=2))["notifications"]
    second = (await _page(gql, alice.token, first=2, after=first["pageInfo"]["endCursor"]))[
        "notifications"
    ]
    third = (await _page(gql, alice.token, first=2, after=second["pageInfo"]["endCursor"]))[
        "notifications"
    ]
    # then
    assert (_kinds(first), _kinds(second), _kinds(third)) == (["K4", "K3"], ["K2", "K1"], ["K0"])
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    assert second["pageInfo"]["hasPreviousPage"]
    assert not third["pageInfo"]["hasNextPage"]
    assert first["totalCount"] == 5


async def test_pages_backward_from_the_oldest(gql: Any) -> None:
    # given
    alice = await make_member("alice")
    await send_notifications(alice.member.id, 5, kind="K{n}")
    # when
    last = (await _page(gql, alice.token, last=2))["notifications"]
    before = (await _page(gql, alice.token, last=2, before=last["pageInfo"]["startCursor"]))[
        "notifications"
    ]
    # then
    assert _kinds(last) == ["K1", "K0"]
    assert last["pageInfo"]["hasPreviousPage"]
    assert _kinds(before) == ["K3", "K2"]
    assert before["pageInfo"]["hasNextPage"]


async def test_cursor_stays_valid_when_new_notifications_arrive(gql: Any) -> None:
    # given
    alice = await make_member("alice")
    await send_notifications(alice.member.id, 4, kind="K{n}")
    first = (await _page(gql, alice.token, first=2))["notifications"]
    # when
    await notify(alice.member.id, "NEWER")
    second = (await _page(gql, alice.token, first=2, after=first["pageInfo"]["endCursor"]))[
        "notifications"
    ]
    # then
    assert _kinds(second) == ["K1", "K0"]
    newest = (await _page(gql, alice.token, first=1))["notifications"]
    assert _kinds(newest) == ["NEWER"]


async def test_unread_filter_and_count(gql: Any) -> None:
    # given
    alice = await make_member("alice")
    ids = await send_notifications(alice.member.id, 4, kind="K{n}")
    await Notification.filter(id__in=ids[:2]).update(read=True)
    # when
    viewer = await _page(gql, alice.token, first=10, unread=True)
    # then
    assert viewer["unreadNotificationCount"] == 2
    assert _kinds(viewer["notifications"]) == ["K3", "K2"]
    assert viewer["notifications"]["totalCount"] == 2


async def test_only_the_viewers_own_notifications_are_listed(gql: Any) -> None:
    # given
    alice = await make_member("alice")
    bob = await make_member("bob")
    await send_notifications(bob.member.id, 3, kind="K{n}")
    await notify(alice.member.id, "MINE")
    # when
    viewer = await _page(gql, alice.token, first=10)
    # then
    assert _kinds(viewer["notifications"]) == ["MINE"]
    assert viewer["unreadNotificationCount"] == 1


async def test_page_size_over_100_is_refused(gql: Any) -> None:
    alice = await make_member("alice")
    result = await gql(NOTIFICATIONS, {"first": 101, "unread": False}, token=alice.token)
    assert result["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert result["errors"][0]["path"] == ["viewer", "notifications"]
    assert result["data"] == {"viewer": None}


async def test_query_cost_grows_with_the_page_size(gql: Any) -> None:
    alice = await make_member("alice")
    small = await gql(NOTIFICATIONS, {"first": 10, "unread": False}, token=alice.token)
    large = await gql(NOTIFICATIONS, {"first": 100, "unread": False}, token=alice.token)
    assert large["extensions"]["cost"]["requested"] > 5 * small["extensions"]["cost"]["requested"]


async def test_a_bad_cursor_is_refused(gql: Any) -> None:
    alice = await make_member("alice")
    result = await gql(
        NOTIFICATIONS, {"first": 5, "after": "garbage!", "unread": False}, token=alice.token
    )
    assert result["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_node_resolves_own_notification_and_null_for_anyone_elses(gql: Any) -> None:
    # given
    alice = await make_member("alice")
    bob = await make_member("bob")
    [own] = await send_notifications(alice.member.id, 1, kind="K{n}")
    [other] = await send_notifications(bob.member.id, 1, kind="K{n}")
    # when
    mine = await gql.data(NODE, {"id": to_base64("Notification", own)}, token=alice.token)
    theirs = await gql.data(NODE, {"id": to_base64("Notification", other)}, token=alice.token)
    anonymous = await gql.data(NODE, {"id": to_base64("Notification", own)})
    # then
    assert mine["node"] == {"id": to_base64("Notification", own), "kind": "K0"}
    assert theirs["node"] is None
    assert anonymous["node"] is None
