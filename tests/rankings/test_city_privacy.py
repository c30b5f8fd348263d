"""CITY boards and the privacy of a member's city: a member is named on a city's board only to
readers who may see their profile (which holds the city); ranks and scores stay, and neither a
cursor nor ``viewer.rank`` tells anyone else's id or city."""

from __future__ import annotations

from typing import Any

import pytest

from models.audit import AuditLog
from services.core import clock
from services.pagination import decode_cursor, encode_cursor
from services.rankings.rebuild import rebuild_all
from tests.factories import SignedIn, make_circle, make_member
from tests.rankings.support import LEADERBOARD, earn_points
from tests.support import GraphQLClient

VIEWER_RANK = """
query Rank($scopeId: String) {
  viewer { rank(metric: POINTS_EARNED, scope: CITY, scopeId: $scopeId, period: WEEK) {
    rank score } }
}"""


PROFILES = """
query Board($scopeId: String) {
  leaderboard(metric: POINTS_EARNED, scope: CITY, scopeId: $scopeId, period: WEEK) {
    edges { member { handle city memberSince profileVisible } } }
}"""


def _city(city: str = "北京", **extra: Any) -> dict[str, Any]:
    return {"metric": "POINTS_EARNED", "scope": "CITY", "scopeId": city, "period": "WEEK",
            **extra}  # fmt: skip


async def _riders() -> dict[str, SignedIn]:
    """Four 北京 members, one per visibility (and one sharing a circle with ``friend``), with
    distinct scores, and a reader from 上海."""
    riders = {
        "public": await make_member("pub", visibility="PUBLIC"),
        "members": await make_member("mem", visibility="MEMBERS"),
        "circles": await make_member("cir", visibility="CIRCLES"),
        "shared": await make_member("sha", visibility="CIRCLES"),
    }
    for points, rider in zip((400, 300, 200, 100), riders.values(), strict=True):
        await earn_points(rider.member, points, at=clock.now())
    riders["reader"] = await make_member("reader", city="上海")
    riders["friend"] = await make_member("friend", city="上海")
    await make_circle(riders["friend"].member, riders["shared"].member)
    return riders


async def _board(gql: GraphQLClient, token: str | None, **extra: Any) -> list[dict[str, Any]]:
    data = await gql.data(LEADERBOARD, _city(first=10, **extra), token=token)
    return data["leaderboard"]["edges"]  # type: ignore[no-any-return]


def _named(edges: list[dict[str, Any]]) -> list[str | None]:
    return [edge["member"]["handle"] if edge["member"] else None for edge in edges]


@pytest.mark.parametrize("built", [True, False], ids=["redis", "database"])
async def test_a_city_board_names_only_members_whose_profile_the_reader_sees(
    gql: GraphQLClient, built: bool
) -> None:
    # given
    riders = await _riders()
    if built:
        await rebuild_all()
    # when: read anonymously, by a member, by a circle co-member and by a hidden member
    anonymous = await _board(gql, None)
    member = await _board(gql, riders["reader"].token)
    co_member = await _board(gql, riders["friend"].token)
    themself = await _board(gql, riders["circles"].token)
    # then: every rank and score is there, the names follow the profile's visibility
    assert [(e["rank"], e["score"]) for e in anonymous] == [(1, 400), (2, 300), (3, 200),
                                                            (4, 100)]  # fmt: skip
    assert _named(anonymous) == ["pub", None, None, None]
    assert _named(member) == ["pub", "mem", None, None]
    assert _named(co_member) == ["pub", "mem", None, "sha"]
    assert _named(themself) == ["pub", "mem", "cir", None]
    assert await AuditLog.all().count() == 0
    # and: a named member's profile fields are the member's own
    shown = await gql.data(PROFILES, {"scopeId": "北京"}, token=riders["reader"].token)
    public = shown["leaderboard"]["edges"][0]["member"]
    assert public["handle"] == "pub" and public["city"] == "北京" and public["profileVisible"]
    assert public["memberSince"] == riders["public"].member.created_at.isoformat()


async def test_staff_see_every_name_and_hidden_ones_are_audited(gql: GraphQLClient) -> None:
    # given
    riders = await _riders()
    staff = await make_member("staff", roles=["moderator"], city="上海")
    await rebuild_all()
    # when
    edges = await _board(gql, staff.token)
    # then: all four named, the reads of the two CIRCLES profiles recorded
    assert _named(edges) == ["pub", "mem", "cir", "sha"]
    rows = await AuditLog.filter(action="member.private_read").order_by("subject_member_id")
    assert [(row.actor_id, row.subject_member_id) for row in rows] == [
        (staff.member.id, riders["circles"].member.id),
        (staff.member.id, riders["shared"].member.id),
    ]


@pytest.mark.parametrize("built", [True, False], ids=["redis", "database"])
async def test_city_cursors_hold_no_member_id_and_still_page(
    gql: GraphQLClient, built: bool
) -> None:
    # given
    riders = await _riders()
    if built:
        await rebuild_all()
    ids = {rider.member.id for rider in riders.values()}
    # when: pages of one, anonymously
    edges: list[dict[str, Any]] = []
    after = None
    for _ in range(5):
        data = await gql.data(LEADERBOARD, _city(first=1, after=after))
        edges += data["leaderboard"]["edges"]
        after = data["leaderboard"]["pageInfo"]["endCursor"]
        if not data["leaderboard"]["pageInfo"]["hasNextPage"]:
            break
    # then: the four ranks in order, and no cursor carries a member's id
    assert [edge["score"] for edge in edges] == [400, 300, 200, 100]
    assert not {decode_cursor(edge["cursor"], 2)[1] for edge in edges} & ids


async def test_viewer_rank_on_a_city_board_tells_only_the_viewers_own_place(
    gql: GraphQLClient,
) -> None:
    # given
    riders = await _riders()
    await rebuild_all()
    # when: a 北京 member and a 上海 reader ask for their rank in 北京
    own = await gql.data(VIEWER_RANK, {"scopeId": "北京"}, token=riders["members"].token)
    other = await gql.data(VIEWER_RANK, {"scopeId": "北京"}, token=riders["reader"].token)
    # then: the member's own place; nothing for a reader who is not on that board
    assert own["viewer"]["rank"] == {"rank": 2, "score": 300}
    assert other["viewer"]["rank"] is None


@pytest.mark.parametrize("built", [True, False], ids=["redis", "database"])
async def test_a_forged_city_cursor_is_a_coded_error_or_a_page(
    gql: GraphQLClient, built: bool
) -> None:
    # given
    await _riders()
    if built:
        await rebuild_all()
    forged = [encode_cursor([300, value]) for value in (0, 1, 2**63, 2**64 - 1)]
    forged.append(encode_cursor([2**70, 1]))
    # when
    results = [await gql(LEADERBOARD, _city(first=2, after=cursor)) for cursor in forged]
    # then: each one is a page or INVALID_INPUT, never an internal error
    for result in results:
        codes = {error["extensions"]["code"] for error in result.get("errors", [])}
        assert codes <= {"INVALID_INPUT"}, result
        assert codes or result["data"]["leaderboard"] is not None
