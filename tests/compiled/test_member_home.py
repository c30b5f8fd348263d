"""The member home (``MemberHome``) answers byte for byte the same from its compiled plan as
from graphql-core: full lists, empty ones, pages out of range (partial errors), stale and
absent viewers, and any page size hypothesis picks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.accounts import Account, AccountStatus
from services.loyalty.seed import seed_defaults
from tests.compiled.support import assert_same
from tests.factories import (
    SignedIn,
    award_badge,
    fund,
    make_badge,
    make_circle,
    make_event,
    make_member,
    make_membership,
    make_registration,
)
from tests.sqlcount import count_sql

HOME = "MemberHome"


async def _home(size: int, handle: str) -> SignedIn:
    member = await make_member(handle, avatar_url="https://img.example/a.png")
    await fund(member.member.id, 700)
    now = datetime.now(UTC)
    for n in range(size):
        badge = await make_badge(
            f"{handle}-{n}", {"type": "events_completed", "count": n + 1}, name_zh=f"徽章{n}"
        )
        await award_badge(member, badge, awarded_at=now - timedelta(hours=n % 3))
        circle = await make_circle()
        await make_membership(circle, member)
        event = await make_event(circle, starts_at=now + timedelta(days=n + 2))
        await make_registration(event, member, status="CONFIRMED" if n % 4 else "WAITLISTED")
    return member


async def test_a_full_home_is_the_same_from_both_executors(http: Any) -> None:
    # given
    await seed_defaults()
    member = await _home(5, "homefull")
    # when
    answer = await assert_same(http, HOME, {"n": 3}, token=member.token)
    # then
    viewer = answer["data"]["viewer"]
    assert viewer["member"]["handle"] == "homefull"
    assert [len(viewer[k]["edges"]) for k in ("badges", "circles", "registrations")] == [3, 3, 3]
    assert viewer["points"]["balance"] == 700


async def test_an_empty_home_and_a_missing_viewer_are_the_same(http: Any) -> None:
    await seed_defaults()
    member = await make_member("homeempty")
    assert (await assert_same(http, HOME, {"n": 10}, token=member.token))["data"]["viewer"]
    assert (await assert_same(http, HOME, {"n": 10}))["data"] == {"viewer": None}


async def test_a_deleted_account_or_a_stale_token_reads_no_viewer_on_both(http: Any) -> None:
    # given
    await seed_defaults()
    stale, deleted = await make_member("homestale"), await make_member("homedeleted")
    await Account.filter(id=stale.account.id).update(token_version=1)
    await Account.filter(id=deleted.account.id).update(status=AccountStatus.DELETED)
    # then
    for who in (stale, deleted):
        answer = await assert_same(http, HOME, {"n": 5}, token=who.token)
        assert answer["data"] == {"viewer": None}


async def test_a_page_out_of_range_fails_the_same_way_with_its_paths(http: Any) -> None:
    await seed_defaults()
    member = await _home(2, "homebad")
    for n in (-1, 101):
        answer = await assert_same(http, HOME, {"n": n}, token=member.token)
        assert answer["data"] == {"viewer": None}
        # the first non-null field to fail nulls the viewer; graphql-core reports that one
        assert [error["path"] for error in answer["errors"]] == [["viewer", "badges"]]
        assert answer["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_variables_that_do_not_fit_are_refused_the_same_way(http: Any) -> None:
    await seed_defaults()
    member = await make_member("homevars")
    answer = await assert_same(http, HOME, {"n": "ten"}, token=member.token)
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_the_compiled_home_runs_the_same_statements_for_3_and_12_items(http: Any) -> None:
    # given
    await seed_defaults()
    few, many = await _home(3, "homefew"), await _home(12, "homemany")
    counts = []
    for who, size in ((few, 3), (many, 12)):
        # when
        async with count_sql() as sql:
            await http.post(
                "/graphql",
                json={"documentId": HOME, "variables": {"n": size}},
                headers={"authorization": f"Bearer {who.token}"},
            )
        counts.append(sql.count)
    # then
    assert counts[0] == counts[1] <= 6


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(n=st.one_of(st.none(), st.integers(-2, 103)), signed_in=st.booleans())
async def test_any_page_size_is_the_same_from_both_executors(
    http: Any, home_member: list[SignedIn], n: int | None, signed_in: bool
) -> None:
    if not home_member:
        await seed_defaults()
        home_member.append(await _home(4, "homeprop"))
    token = home_member[0].token if signed_in else None
    await assert_same(http, HOME, {"n": n}, token=token)
