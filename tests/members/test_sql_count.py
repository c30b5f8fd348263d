"""Reading a page of members costs a constant number of SQL statements, whatever its size."""

from __future__ import annotations

from typing import Any

import pytest

from models.members import VehicleModel
from services.members import privacy
from tests.factories import make_member, make_vehicle
from tests.members.conftest import global_id
from tests.sqlcount import count_sql

NODES = """
query Nodes($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on Member {
      handle displayName profileVisible city bio memberSince
      vehicles { year plate model { key nameZh } }
    }
  }
}
"""
VISIBILITIES = ["PUBLIC", "MEMBERS", "CIRCLES"]


async def community(size: int) -> list[str]:
    """``size`` members of mixed visibility, each with two vehicles."""
    models = await VehicleModel.all().limit(2)
    ids = []
    for n in range(size):
        member = (await make_member(f"m{size}x{n}", visibility=VISIBILITIES[n % 3])).member
        for model in models:
            await make_vehicle(member, model=model, year=2020, plate="京A12345")
        ids.append(global_id("Member", member.id))
    return ids


async def statements_for(gql: Any, ids: list[str], token: str) -> int:
    async with count_sql() as sql:
        data = await gql.data(NODES, {"ids": ids}, token=token)
    assert len([n for n in data["nodes"] if n is not None]) == len(ids)
    return sql.count


@pytest.mark.parametrize("role", [None, "admin"])
async def test_nodes_statement_count_does_not_grow_with_page_size(
    gql: Any, catalog: None, role: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a circles domain that answers co-membership in one query, and two page sizes
    reader = await make_member("reader", roles=[role] if role else [])

    async def one_query_checker(reader_id: int, member_ids: Any) -> set[int]:
        await VehicleModel.filter(id__in=list(member_ids)).count()  # stands for its one query
        return set()

    monkeypatch.setattr(privacy, "co_member_checker", one_query_checker)
    small = await community(10)
    large = await community(50)
    # when
    small_count = await statements_for(gql, small, reader.token)
    large_count = await statements_for(gql, large, reader.token)
    # then
    assert small_count == large_count, (small_count, large_count)
    assert small_count <= 6
