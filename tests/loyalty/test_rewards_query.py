"""The rewards catalog: filters, keyset pages, and no N+1."""

from __future__ import annotations

from datetime import timedelta

from models.loyalty import RewardKind
from services.core import clock
from tests.factories import fund, make_member, make_reward
from tests.sqlcount import count_sql
from tests.support import GraphQLClient

REWARDS = """
query Rewards($first: Int, $after: String, $kind: RewardKind, $affordable: Boolean) {
  rewards(first: $first, after: $after, kind: $kind, affordable: $affordable) {
    edges { node { id name pointsPrice stock kind minTier { key name } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def test_catalog_cheapest_first_with_filters(gql: GraphQLClient) -> None:
    # given
    member = await make_member(locale="en")
    await fund(member.member.id, 250)
    await make_reward(points_price=300, name_en="Priority service", kind=RewardKind.SERVICE_BOOKING)
    await make_reward(points_price=100, name_en="Wash")
    await make_reward(points_price=200, name_en="Cap", kind=RewardKind.MERCHANDISE)
    await make_reward(points_price=50, name_en="Sold out", stock=0)
    await make_reward(points_price=50, name_en="Over", valid_until=clock.now() - timedelta(days=1))
    # when
    page = (await gql.data(REWARDS, {"first": 2}, token=member.token))["rewards"]
    rest = await gql.data(REWARDS, {"first": 5, "after": page["pageInfo"]["endCursor"]})
    affordable = await gql.data(REWARDS, {"affordable": True}, token=member.token)
    merch = await gql.data(REWARDS, {"kind": "MERCHANDISE"})
    # then
    assert [e["node"]["name"] for e in page["edges"]] == ["Wash", "Cap"]
    assert page["edges"][0]["node"]["minTier"] == {"key": "STANDARD", "name": "Standard"}
    assert [e["node"]["pointsPrice"] for e in rest["rewards"]["edges"]] == [300]
    assert [e["node"]["pointsPrice"] for e in affordable["rewards"]["edges"]] == [100, 200]
    assert [e["node"]["kind"] for e in merch["rewards"]["edges"]] == ["MERCHANDISE"]


async def test_statement_count_does_not_grow_with_page_size(gql: GraphQLClient) -> None:
    for price in range(1, 121):
        await make_reward(points_price=price, min_tier_rank=price % 4)
    async with count_sql() as small:
        ten = await gql.data(REWARDS, {"first": 10})
    async with count_sql() as large:
        hundred = await gql.data(REWARDS, {"first": 100})
    assert len(ten["rewards"]["edges"]) == 10 and len(hundred["rewards"]["edges"]) == 100
    assert small.count == large.count, (small.statements, large.statements)
