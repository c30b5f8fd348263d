"""The ``leaderboard`` query and ``viewer.rank`` over HTTP: dense ranks with ties, keyset
pages, coded errors for unknown scopes, the same answers from Redis and from the database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from strawberry.relay import to_base64

from models.circles import MembershipStatus
from models.members import Member
from services.core import clock
from services.rankings.rebuild import rebuild_all
from tests.factories import make_circle, make_member, make_membership
from tests.rankings.support import LEADERBOARD, earn_points
from tests.support import GraphQLClient

VIEWER_RANK = """
query Rank($scope: LeaderboardScope!, $scopeId: String) {
  viewer { rank(metric: POINTS_EARNED, scope: $scope, scopeId: $scopeId, period: WEEK) {
    rank score movement periodKey } }
}"""
REBUILD = """
mutation { rebuildLeaderboards(input: {metrics: [POINTS_EARNED]}) {
  rebuilt boards errors { code } } }"""


def _week(scope: str = "GLOBAL", scope_id: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"metric": "POINTS_EARNED", "scope": scope, "scopeId": scope_id, "period": "WEEK",
            **extra}  # fmt: skip


async def _racers(scores: list[int]) -> list[Member]:
    members = []
    for n, points in enumerate(scores):
        member = (await make_member(f"racer{n}")).member
        await earn_points(member, points, at=_now())
        members.append(member)
    return members


def _now() -> datetime:
    return clock.now()


@pytest.mark.parametrize("built", [True, False], ids=["redis", "database"])
async def test_ties_share_a_dense_rank_across_pages(gql: GraphQLClient, built: bool) -> None:
    # given: scores 50, 50, 30, 30, 10
    viewer = await make_member("viewer")
    racers = await _racers([50, 30, 50, 10, 30])
    if built:
        await rebuild_all()
    # when: pages of two
    edges, after = [], None
    for _ in range(3):
        data = await gql.data(LEADERBOARD, _week(first=2, after=after), token=viewer.token)
        board = data["leaderboard"]
        edges += board["edges"]
        after = board["pageInfo"]["endCursor"]
    # then: 1, 1, 2, 2, 3 by score then member id, and no more pages
    assert [(e["member"]["handle"], e["score"], e["rank"]) for e in edges] == [
        ("racer0", 50, 1), ("racer2", 50, 1), ("racer1", 30, 2), ("racer4", 30, 2),
        ("racer3", 10, 3),
    ]  # fmt: skip
    assert board["pageInfo"]["hasNextPage"] is False
    assert all(e["movement"] is None for e in edges)
    assert len(racers) == 5


async def test_the_viewer_sees_their_own_rank(gql: GraphQLClient) -> None:
    # given
    alice = await make_member("alice", city="成都")
    bob = await make_member("bob", city="成都")
    await earn_points(alice.member, 10, at=_now())
    await earn_points(bob.member, 20, at=_now())
    await rebuild_all()
    # when
    mine = await gql.data(VIEWER_RANK, {"scope": "CITY", "scopeId": "成都"}, token=alice.token)
    other_city = await gql.data(
        VIEWER_RANK, {"scope": "CITY", "scopeId": "北京"}, token=alice.token
    )
    # then
    standing = mine["viewer"]["rank"]
    assert (standing["rank"], standing["score"], standing["movement"]) == (2, 10, None)
    assert other_city["viewer"]["rank"] is None


@pytest.mark.parametrize(
    ("scope", "scope_id", "code"),
    [
        ("CIRCLE", "999999", "NOT_FOUND"),
        ("CIRCLE", to_base64("Circle", 999999), "NOT_FOUND"),
        ("CIRCLE", to_base64("Member", 1), "NOT_FOUND"),
        ("CIRCLE", "abc", "NOT_FOUND"),
        ("CIRCLE", "9" * 40, "NOT_FOUND"),
        ("CITY", "  ", "INVALID_INPUT"),
    ],
)
async def test_an_unknown_scope_is_a_coded_error(
    gql: GraphQLClient, scope: str, scope_id: str, code: str
) -> None:
    # given
    viewer = await make_member("viewer")
    # when
    result = await gql(LEADERBOARD, _week(scope, scope_id), token=viewer.token)
    # then
    assert result["data"] is None
    assert [error["extensions"]["code"] for error in result["errors"]] == [code]


async def test_a_circle_board_lists_its_active_members_only(gql: GraphQLClient) -> None:
    # given: alice active in the circle, bob only pending
    alice = await make_member("alice")
    bob = await make_member("bob")
    circle = await make_circle(alice.member)
    await make_membership(circle, bob, status=MembershipStatus.PENDING)
    await earn_points(alice.member, 10, at=_now())
    await earn_points(bob.member, 99, at=_now())
    await rebuild_all()
    # when
    data = await gql.data(
        LEADERBOARD, _week("CIRCLE", to_base64("Circle", circle.id)), token=alice.token
    )
    rank = await gql.data(
        VIEWER_RANK, {"scope": "CIRCLE", "scopeId": to_base64("Circle", circle.id)},
        token=alice.token,
    )  # fmt: skip
    by_number = await gql(LEADERBOARD, _week("CIRCLE", str(circle.id)), token=alice.token)
    # then: the circle's global id names its board; its database key does not
    assert [e["member"]["handle"] for e in data["leaderboard"]["edges"]] == ["alice"]
    assert rank["viewer"]["rank"]["score"] == 10
    assert [e["extensions"]["code"] for e in by_number["errors"]] == ["NOT_FOUND"]


async def test_only_admins_rebuild(gql: GraphQLClient) -> None:
    # given
    member = await make_member("member")
    admin = await make_member("admin", roles=["admin"])
    await earn_points(member.member, 10, at=_now())
    # when
    refused = await gql.data(REBUILD, token=member.token)
    done = await gql.data(REBUILD, token=admin.token)
    board = await gql.data(LEADERBOARD, _week(), token=member.token)
    # then
    assert refused["rebuildLeaderboards"] == {
        "rebuilt": False, "boards": 0, "errors": [{"code": "FORBIDDEN"}]
    }  # fmt: skip
    assert done["rebuildLeaderboards"]["rebuilt"] is True
    assert done["rebuildLeaderboards"]["boards"] > 0
    assert [e["score"] for e in board["leaderboard"]["edges"]] == [10]
