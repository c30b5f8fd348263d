"""The demo community's parts: every story verifies as docs/demo.md says, twice loaded once."""

from __future__ import annotations

from fixtures.loader import load_demo_data
from models.parts import PartUnit
from tests.support import GraphQLClient

VERIFY = "query V($code: String!) { verifyPart(code: $code) { verdict timeline { kind } } }"
EXPECTED = {
    "DEMOWINCH001": "AUTHENTIC",
    "DEMOLOCKER01": "AUTHENTIC",
    "DEMOLIFT0001": "AUTHENTIC",
    "DEMOTYRES001": "AUTHENTIC",
    "DEMORECALL01": "RECALLED",
    "DEMOCLONE001": "SUSPECTED_CLONE",
}


async def test_the_demo_parts_verify_as_documented(gql: GraphQLClient) -> None:
    await load_demo_data()
    await load_demo_data()
    assert await PartUnit.all().count() == len(EXPECTED)
    for code, verdict in EXPECTED.items():
        found = (await gql.data(VERIFY, {"code": code}))["verifyPart"]
        assert found["verdict"] == verdict, code
    winch = (await gql.data(VERIFY, {"code": "DEMOWINCH001"}))["verifyPart"]["timeline"]
    assert [e["kind"] for e in winch][-2:] == ["CLAIMED", "INSTALLED"]
