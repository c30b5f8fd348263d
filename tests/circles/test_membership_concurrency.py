"""200 concurrent joins and leaves leave the member count equal to the ACTIVE memberships."""

from __future__ import annotations

import asyncio
import random

from tests.circles.support import JOIN, LEAVE, active_count, create_circle, pk, stored_count
from tests.factories import make_member


async def test_concurrent_joins_and_leaves_keep_the_count_exact(gql):
    # given 60 members, 30 of them already in the circle
    owner = await make_member("owner")
    circle = await create_circle(gql, owner)
    members = [await make_member(f"rider{n}") for n in range(60)]
    for member in members[:30]:
        await gql.data(JOIN, {"input": {"circleId": circle["id"]}}, token=member.token)
    variables = {"input": {"circleId": circle["id"]}}
    rng = random.Random(7)
    calls = []
    for _ in range(200):
        member = rng.choice(members)
        document = JOIN if rng.random() < 0.5 else LEAVE
        calls.append(gql(document, variables, token=member.token))

    # when 200 joins and leaves race (many of them duplicates of each other)
    results = await asyncio.gather(*calls)

    # then every call got an answer and the count matches the memberships
    assert all("errors" not in body for body in results), [b for b in results if "errors" in b][:1]
    circle_pk = pk(circle["id"])
    assert await stored_count(circle_pk) == await active_count(circle_pk)
    outcomes = {
        error["code"]
        for body in results
        for payload in body["data"].values()
        for error in payload["errors"]
    }
    assert outcomes <= {"ALREADY_MEMBER", "NOT_MEMBER"}
