"""Every string input is bounded and checked before it reaches a resolver (and the database):
over-long strings and lone UTF-16 surrogates get a coded INVALID_INPUT naming where, in
variables and literals alike, never a server error."""

from __future__ import annotations

import json

import pytest

from tests.factories import make_circle, make_member

CIRCLE = "query($s: String!) { circle(slug: $s) { id } }"
MEMBER = "query($s: String!) { member(handle: $s) { handle } }"
JOIN = "mutation($s: String!) { joinWithInvite(input: {code: $s}) { errors { code } } }"
JOIN_VARIABLE = (
    "mutation($i: JoinWithInviteInput!) { joinWithInvite(input: $i) { errors { code } } }"
)


async def _post(http, token, query, variables):
    """The raw JSON body (a lone surrogate survives only as a JSON escape)."""
    body = json.dumps({"query": query, "variables": variables})
    return await http.post(
        "/graphql", content=body.encode(),
        headers={"content-type": "application/json", "authorization": f"Bearer {token}",
                 "accept": "application/graphql-response+json"},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("query", "variables", "field"),
    [
        (CIRCLE, {"s": "x" * 200_000}, ["s"]),
        (CIRCLE, {"s": "x" * 65}, ["s"]),
        (MEMBER, {"s": "\ud800"}, ["s"]),
        (MEMBER, {"s": "x" * 33}, ["s"]),
        (JOIN, {"s": "x" * 33}, ["s"]),
        (JOIN_VARIABLE, {"i": {"code": "A" * 33}}, ["i", "code"]),
        (JOIN_VARIABLE, {"i": {"code": "\udfff"}}, ["i", "code"]),
        ("query($s: String) { events(first: 1, after: $s) { totalCount } }", {"s": "x" * 4001},
         ["s"]),
    ],
)  # fmt: skip
async def test_bad_strings_are_refused_with_a_code(http, query, variables, field):
    # given
    member = await make_member("member")
    # when
    response = await _post(http, member.token, query, variables)
    # then
    assert response.status_code == 400, response.text
    errors = response.json()["errors"]
    assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in errors] == [
        ("INVALID_INPUT", field)
    ]
    assert "data" not in response.json()


async def test_literals_are_checked_too_and_good_strings_pass(http, gql):
    # given
    member = await make_member("member")
    circle = await make_circle(member, slug="alxa")
    long_literal = '{ circle(slug: "%s") { id } }' % ("x" * 65)
    # when
    refused = await gql.raw(long_literal, token=member.token)
    found = await gql.data(CIRCLE, {"s": "alxa"}, token=member.token)
    at_bound = await gql.data(CIRCLE, {"s": "x" * 64}, token=member.token)
    handle = await gql.data(MEMBER, {"s": "member"}, token=member.token)
    twenty = await gql.data(JOIN, {"s": "x" * 20}, token=member.token)
    # then
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert found["circle"]["id"] and at_bound["circle"] is None and circle.slug == "alxa"
    assert handle["member"]["handle"] == "member"
    assert twenty["joinWithInvite"]["errors"] == [{"code": "INVITE_INVALID"}]
