"""Depth, alias, token, repeated-field and cost limits: every bomb is refused before execution
(no SQL statement, no executor built) and the cost is reported in ``extensions.cost``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    get_introspection_query,
)
from graphql.pyutils import Undefined

import api.graphql_http
from schema import build_schema
from tests.sqlcount import count_sql

TYPENAME = "{ __typename }"
MEMBER_BY_HANDLE = 'member(handle: "nobody") { handle displayName }'


@pytest.fixture
def executions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every executor the endpoint builds (one per operation that starts executing)."""
    built: list[str] = []
    original = api.graphql_http.build_executor

    def spy(*args: Any, **kwargs: Any) -> Any:
        built.append(args[2].name or "-")
        return original(*args, **kwargs)

    monkeypatch.setattr(api.graphql_http, "build_executor", spy)
    return built


@asynccontextmanager
async def refused_before_execution(executions: list[str]) -> Any:
    """The block's requests may not run SQL nor start executing."""
    async with count_sql() as sql:
        yield
    assert sql.statements == []
    assert executions == []


def code_of(body: dict[str, Any]) -> str:
    return body["errors"][0]["extensions"]["code"]


async def test_trivial_query_reports_its_cost(gql: Any, executions: list[str]) -> None:
    # when
    body = await gql(TYPENAME)
    # then
    assert body["data"] == {"__typename": "Query"}
    assert body["extensions"]["cost"] == {"requested": 1, "limit": 5000}
    assert executions == ["-"]


async def test_depth_bomb_is_refused(gql: Any, executions: list[str]) -> None:
    # given: 20 levels, and 300 levels (deeper than the parser nests)
    deep = "{ " + "a { " * 20 + "b" + " }" * 20 + " }"
    deeper = "{ " + "a { " * 300 + "b" + " }" * 300 + " }"
    fragments = (
        "query { ...F0 } "
        + " ".join(f"fragment F{i} on Query {{ viewer {{ ...F{i + 1} }} }}" for i in range(15))
        + " fragment F15 on Query { __typename }"
    )
    async with refused_before_execution(executions):
        for query in (deep, deeper, fragments):
            # when
            response = await gql.raw(query)
            # then
            assert response.status_code == 400
            assert code_of(response.json()) == "DEPTH_LIMIT_EXCEEDED"


async def test_alias_bomb_is_refused(gql: Any, executions: list[str]) -> None:
    # given: 31 aliased lookups, and 40 aliases reached through one fragment spread 4 times
    flat = "{ " + " ".join(f"m{i}: {MEMBER_BY_HANDLE}" for i in range(31)) + " }"
    aliases = " ".join(f"a{i}: __typename" for i in range(10))
    spread = (
        "query { ...F ... on Query { ...F } ... on Query { ...F } ... on Query { ...F } } "
        f"fragment F on Query {{ {aliases} }}"
    )
    async with refused_before_execution(executions):
        for query in (flat, spread):
            # when
            body = await gql(query)
            # then
            assert code_of(body) == "ALIAS_LIMIT_EXCEEDED"
            assert "data" not in body


async def test_thirty_aliases_are_allowed(gql: Any) -> None:
    query = "{ " + " ".join(f"t{i}: __typename" for i in range(30)) + " }"
    body = await gql(query)
    assert "errors" not in body
    assert len(body["data"]) == 30


async def test_token_bomb_under_the_body_limit_is_refused(
    gql: Any, executions: list[str], settings: Any
) -> None:
    # given: 5000 tokens in ~55 KB, well under the body cap
    query = "{ " + "__typename " * 5000 + "}"
    assert len(query) < settings.max_body_bytes
    async with refused_before_execution(executions):
        # when
        response = await gql.raw(query)
    # then
    assert response.status_code == 400
    assert code_of(response.json()) == "TOKEN_LIMIT_EXCEEDED"


async def test_repeated_field_bomb_is_refused_before_validation(
    gql: Any, executions: list[str]
) -> None:
    # given: the same field hundreds of times (validation compares them pairwise), and copies
    # that only multiply once their parents merge
    flat = "{ " + f"{MEMBER_BY_HANDLE} " * 150 + "}"
    nested = "{ " + ("viewer { member { " + "handle " * 8 + "} } ") * 8 + "}"
    async with refused_before_execution(executions):
        for query in (flat, nested):
            # when
            body = await gql(query)
            # then
            assert code_of(body) == "REPEATED_FIELD_LIMIT_EXCEEDED"


async def test_cost_bomb_of_node_lookups_is_refused_with_its_cost(
    gql: Any, executions: list[str]
) -> None:
    # given: 20 aliases x 100 ids x (id, handle, displayName)
    lookup = "nodes(ids: $ids) { id ... on Member { handle displayName } }"
    query = "query Bomb($ids: [ID!]!) { " + " ".join(f"n{i}: {lookup}" for i in range(20)) + " }"
    ids = [f"id{i}" for i in range(100)]
    async with refused_before_execution(executions):
        # when
        response = await gql.raw(query, {"ids": ids})
    # then
    body = response.json()
    assert response.status_code == 400
    assert code_of(body) == "COST_LIMIT_EXCEEDED"
    assert body["extensions"]["cost"] == {"requested": 20 * (1 + 100 * 3), "limit": 5000}
    assert "data" not in body


async def test_cost_follows_list_variables(gql: Any, executions: list[str]) -> None:
    # given
    query = "query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    # when
    small = await gql(query, {"ids": ["a", "b"]})
    async with count_sql() as sql:
        big = await gql(query, {"ids": [f"x{i}" for i in range(6000)]})
    # then
    assert small["extensions"]["cost"]["requested"] == 1 + 2
    assert code_of(big) == "COST_LIMIT_EXCEEDED"
    assert big["extensions"]["cost"]["requested"] == 1 + 6000
    assert sql.statements == []
    assert executions == ["Nodes"]  # only the small one ran


async def test_cost_bomb_of_nested_connections_is_refused(gql: Any, executions: list[str]) -> None:
    # given: two nested connections of 100 (found in the schema, whatever they are called)
    query = nested_connection_query(page=100)
    async with refused_before_execution(executions):
        # when
        body = await gql(query)
    # then
    assert code_of(body) == "COST_LIMIT_EXCEEDED"
    assert body["extensions"]["cost"]["requested"] > 100 * 100


async def test_connection_cost_multiplies_by_page_size(gql: Any) -> None:
    query = nested_connection_query(page=2)
    body = await gql(query)
    # root (1) + 2 x (edges 1 + node 1 + inner 1 + 2 x (edges 1 + node 1 + __typename 1))
    assert body["extensions"]["cost"]["requested"] == 1 + 2 * (3 + 2 * 3)


async def test_fragment_cycles_do_not_hang_the_analysis(gql: Any, executions: list[str]) -> None:
    # given: a two-fragment cycle, a self-spread, and a spread that doubles 40 times
    cycle = "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A __typename }"
    itself = "query { ...S } fragment S on Query { __typename ...S }"
    fan_out = (
        "query { ...F0 } "
        + " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(40))
        + " fragment F40 on Query { __typename }"
    )
    async with refused_before_execution(executions):
        # when
        bodies = [await gql(query) for query in (cycle, itself, fan_out)]
    # then
    assert [code_of(body) for body in bodies] == [
        "GRAPHQL_VALIDATION_FAILED",
        "GRAPHQL_VALIDATION_FAILED",
        "REPEATED_FIELD_LIMIT_EXCEEDED",
    ]


async def test_full_introspection_passes_the_limits(gql: Any) -> None:
    # the IDE's introspection query is deeper than max_query_depth; introspection is bounded by
    # MaxIntrospectionDepthRule instead
    body = await gql(get_introspection_query(descriptions=True, input_value_deprecation=True))
    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_introspection_bomb_is_refused(gql: Any, executions: list[str]) -> None:
    query = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    async with refused_before_execution(executions):
        body = await gql(query)
    assert code_of(body) == "GRAPHQL_VALIDATION_FAILED"


def nested_connection_query(*, page: int) -> str:
    """``outer(first: page) { edges { node { inner(first: page) { edges { node {
    __typename } } } } } }`` over the first pair of nested connections in the schema that need
    no other argument."""
    graphql_schema = build_schema()._schema
    query_type = graphql_schema.query_type
    assert query_type is not None
    for outer_name, outer in _paged_connections(query_type):
        node_type = _node_type(outer)
        if not isinstance(node_type, GraphQLObjectType):
            continue
        for inner_name, _ in _paged_connections(node_type):
            return (
                f"{{ {outer_name}(first: {page}) {{ edges {{ node {{ "
                f"{inner_name}(first: {page}) {{ edges {{ node {{ __typename }} }} }} "
                f"}} }} }} }}"
            )
    pytest.skip("the schema has no nested connections yet")


def _paged_connections(owner: GraphQLObjectType) -> Iterator[tuple[str, GraphQLField]]:
    for name, field in owner.fields.items():
        named = _unwrap(field.type)
        required = [
            arg_name
            for arg_name, arg in field.args.items()
            if isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined
        ]
        if named.name.endswith("Connection") and "first" in field.args and not required:
            yield name, field


def _node_type(connection_field: GraphQLField) -> GraphQLObjectType:
    connection = _unwrap(connection_field.type)
    edge = _unwrap(connection.fields["edges"].type)
    return _unwrap(edge.fields["node"].type)


def _unwrap(graphql_type: Any) -> Any:
    while isinstance(graphql_type, GraphQLNonNull | GraphQLList):
        graphql_type = graphql_type.of_type
    return graphql_type
