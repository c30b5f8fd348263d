"""A leaderboard page reads the same for everyone, so its answer is executed once and shared
between readers for ``shared_response_seconds`` (``api.shared_responses``); anything that
depends on the reader is executed for each request."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

import runtime
from api.app import create_app
from models.members import Member
from runtime.config import Settings
from services.core import clock
from services.rankings.rebuild import rebuild_all
from tests.conftest import make_settings
from tests.factories import make_member
from tests.rankings.support import earn_points
from tests.sqlcount import count_sql
from tests.support import GraphQLClient

SECONDS = 1.0
TOP = """
query Top($first: Int) {
  leaderboard(metric: POINTS_EARNED, scope: GLOBAL, period: ALL_TIME, first: $first) {
    edges { rank score member { handle displayName } }
  }
}"""
WITH_VIEWER = """
query Top {
  leaderboard(metric: POINTS_EARNED, scope: GLOBAL, period: ALL_TIME, first: 5) {
    edges { score member { handle isViewer } }
  }
}"""
CITY = """
query City {
  leaderboard(metric: POINTS_EARNED, scope: CITY, scopeId: "北京", period: WEEK, first: 5) {
    edges { score member { handle } }
  }
}"""
#: The same board, its scope given by a variable's default.
CITY_BY_DEFAULT = """
query City($scope: LeaderboardScope! = CITY) {
  leaderboard(metric: POINTS_EARNED, scope: $scope, scopeId: "北京", period: WEEK, first: 5) {
    edges { score member { handle } }
  }
}"""
UNKNOWN_CIRCLE = """
query Circle {
  leaderboard(metric: POINTS_EARNED, scope: CIRCLE, scopeId: "999999", period: WEEK) {
    edges { score }
  }
}"""


@pytest.fixture
async def shared(settings: Settings) -> AsyncIterator[GraphQLClient]:
    """A second API process of the same database whose answers are shared for 1 s."""
    first = runtime.current()
    app = create_app(
        make_settings(settings.database_url, settings.redis_url, shared_response_seconds=SECONDS),
        manage_orm=False,
    )
    try:
        async with LifespanManager(app) as manager:
            runtime.configure(first.settings, first.redis)
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://convoy.test") as c:
                yield GraphQLClient(c)
    finally:
        runtime.configure(first.settings, first.redis)


async def _board_of(*points: int) -> list[Any]:
    members = [await make_member(f"rider{n}", visibility="CIRCLES") for n in range(len(points))]
    for member, amount in zip(members, points, strict=True):
        await earn_points(member.member, amount, at=clock.now())
    await rebuild_all()
    return members


def _names(data: dict[str, Any]) -> list[tuple[int, str]]:
    return [(e["score"], e["member"]["displayName"]) for e in data["leaderboard"]["edges"]]


async def test_one_answer_serves_every_reader_until_it_expires(shared: GraphQLClient) -> None:
    # given: a board of two, read once by its leader
    alice, bob = await _board_of(30, 20)
    first = await shared.data(TOP, {"first": 10}, token=alice.token)
    # when: a score moves and a member is renamed, then another member and an anonymous
    # reader ask, and the member again once the answer expired
    await earn_points(bob.member, 50, at=clock.now())
    await rebuild_all()
    await Member.filter(id=alice.member.id).update(display_name="Alice II")
    async with count_sql() as sql:
        again = await shared.data(TOP, {"first": 10}, token=bob.token)
    anonymous = await shared.data(TOP, {"first": 10})
    await asyncio.sleep(SECONDS + 0.1)
    fresh = await shared.data(TOP, {"first": 10}, token=bob.token)
    # then: the member got the shared answer without a statement; the anonymous reader (a
    # key of its own) and everyone after expiry the current board
    assert again == first
    assert sql.statements == []
    assert _names(first) == [(30, alice.member.display_name), (20, bob.member.display_name)]
    assert _names(anonymous) == [(70, bob.member.display_name), (30, "Alice II")]
    assert _names(fresh) == _names(anonymous)


async def _statements_of_one_read(
    gql: GraphQLClient, variables: dict[str, Any], token: str
) -> list[str]:
    """The statements of one execution (the first read of its key)."""
    async with count_sql() as sql:
        await gql.data(TOP, variables, token=token)
    return sql.statements


async def test_concurrent_readers_wait_for_one_execution(shared: GraphQLClient) -> None:
    # given
    riders = await _board_of(30, 20, 10)
    one = await _statements_of_one_read(shared, {"first": 2}, riders[0].token)
    # when: 20 readers ask at once for a page nobody asked for yet
    async with count_sql() as sql:
        answers = await asyncio.gather(
            *(shared.data(TOP, {"first": 3}, token=riders[n % 3].token) for n in range(20))
        )
    # then: one execution answered all of them
    assert len(sql.statements) == len(one)
    assert all(answer == answers[0] for answer in answers)
    assert [e["score"] for e in answers[0]["leaderboard"]["edges"]] == [30, 20, 10]


async def test_a_selection_that_depends_on_the_reader_is_not_shared(
    shared: GraphQLClient,
) -> None:
    # given
    alice, bob = await _board_of(30, 20)
    # when
    as_alice = await shared.data(WITH_VIEWER, token=alice.token)
    as_bob = await shared.data(WITH_VIEWER, token=bob.token)
    # then
    viewers = [
        [e["member"]["isViewer"] for e in d["leaderboard"]["edges"]] for d in (as_alice, as_bob)
    ]
    assert viewers == [[True, False], [False, True]]


@pytest.mark.parametrize("query", [CITY, CITY_BY_DEFAULT], ids=["literal", "variable-default"])
async def test_city_boards_are_not_shared(shared: GraphQLClient, query: str) -> None:
    # given: a 北京 member whose profile only circle mates see
    (rider,) = await _board_of(30)
    stranger = await make_member("stranger", city="上海")
    # when: the member reads the board first, then the stranger
    own = await shared.data(query, token=rider.token)
    other = await shared.data(query, token=stranger.token)
    # then: the stranger is not shown the member's answer
    assert own["leaderboard"]["edges"][0]["member"] == {"handle": rider.member.handle}
    assert other["leaderboard"]["edges"][0]["member"] is None


async def test_an_answer_with_errors_is_not_shared(shared: GraphQLClient) -> None:
    # given
    member = await make_member()
    refused = await shared(UNKNOWN_CIRCLE, token=member.token)
    # when
    async with count_sql() as sql:
        again = await shared(UNKNOWN_CIRCLE, token=member.token)
    # then: executed again (the error carries its own request id)
    assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert again["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert sql.statements


async def test_kept_answers_stay_bounded() -> None:
    # given
    from api import shared_responses
    from schema import build_schema

    store = shared_responses.SharedResponses(build_schema()._schema, {}, seconds=60)
    big = b"x" * (shared_responses.MAX_BODY_BYTES + 1)

    async def answer(body: bytes) -> tuple[bytes, bool]:
        return body, True

    # when: more answers than it keeps, and one too large to keep
    for n in range(shared_responses.MAX_ENTRIES + 50):
        await store.body(("k", n), lambda n=n: answer(b"%d" % n))
    await store.body("big", lambda: answer(big))
    # then
    kept = store._entries
    assert len(kept) == shared_responses.MAX_ENTRIES
    assert ("k", 0) not in kept and ("k", shared_responses.MAX_ENTRIES + 49) in kept
    assert "big" not in kept
    assert store._bytes == sum(len(body) for _, body in kept.values())


def test_every_declared_field_exists_and_the_top_100_is_shared() -> None:
    """A renamed field would silently stop sharing (or a new one start): the declaration
    names only fields of the schema, and the leaderboard page apps ask for is shared."""
    from graphql import parse

    from api.shared_responses import SharedResponses
    from schema import build_schema
    from schema.shared import SHARED_FIELDS

    graphql_schema = build_schema()._schema
    missing = [
        (type_name, field)
        for type_name, field in SHARED_FIELDS
        if field not in getattr(graphql_schema.get_type(type_name), "fields", {})
    ]
    assert missing == []
    shared = SharedResponses(graphql_schema, SHARED_FIELDS, seconds=1)
    query = TOP.replace("displayName", "displayName avatarUrl id __typename")
    operation = parse(query).definitions[0]
    key = shared.key(query, "Top", operation.selection_set, {}, {"first": 100}, signed_in=True)
    assert key is not None
