"""Reading badges over GraphQL: the catalog with rarity, a badge's recent holders, a member's
badges under the privacy rule, the viewer's own badges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from models.audit import AuditLog
from models.badges import Badge, BadgeGroup, BadgeTier
from models.members import Member
from services.badges import engine
from tests.factories import SignedIn, award_badge, make_badge, make_member
from tests.sqlcount import count_sql

CATALOG = """query Catalog($filter: BadgeFilterInput, $first: Int, $after: String) {
  badges(filter: $filter, first: $first, after: $after) {
    edges { node { key tier group holderCount rarity } }
    pageInfo { hasNextPage endCursor } } }"""
BADGE = """query Badge($key: String!, $first: Int!) {
  badge(key: $key) { key nameZh recentHolders(first: $first) {
    occurrence member { handle } } } }"""
MEMBER_BADGES = """query MemberBadges($handle: String!) {
  member(handle: $handle) { handle badgesVisible
    badges(first: 10) { edges { node { occurrence badge { key } } } } } }"""
VIEWER_BADGES = """query { viewer { badges(first: 10) {
  edges { node { occurrence awardedAt badge { key nameEn } } } } } }"""


async def give(member: SignedIn | Member, badge: Badge, *, minutes_ago: int = 0) -> None:
    await award_badge(member, badge, awarded_at=datetime.now(UTC) - timedelta(minutes=minutes_ago))


async def test_catalog_lists_enabled_badges_with_rarity(gql: Any) -> None:
    # given three enabled badges (two in EVENTS) and a disabled one; one of 4 members holds one
    rookie = await make_badge("rookie", {"type": "events_completed", "count": 1})
    await make_badge("veteran", {"type": "events_completed", "count": 10}, tier=BadgeTier.GOLD)
    await make_badge("writer", {"type": "posts", "at_least": 5}, group=BadgeGroup.COMMUNITY)
    await make_badge("hidden", {"type": "posts", "at_least": 1}, enabled=False)
    people = [await make_member(f"cat{n}") for n in range(4)]
    await give(people[0], rookie)
    await engine.refresh_rarity()
    # when read page by page, and filtered
    first = (await gql.data(CATALOG, {"first": 2}))["badges"]
    rest = await gql.data(CATALOG, {"first": 2, "after": first["pageInfo"]["endCursor"]})
    gold = await gql.data(CATALOG, {"filter": {"group": "EVENTS", "tier": "GOLD"}})
    # then
    assert [e["node"]["key"] for e in first["edges"]] == ["rookie", "veteran"]
    assert first["edges"][0]["node"] == {
        "key": "rookie", "tier": "BRONZE", "group": "EVENTS", "holderCount": 1, "rarity": 25.0,
    }  # fmt: skip
    assert [e["node"]["key"] for e in rest["badges"]["edges"]] == ["writer"]
    assert rest["badges"]["pageInfo"]["hasNextPage"] is False
    assert [e["node"]["key"] for e in gold["badges"]["edges"]] == ["veteran"]


async def test_disabled_badges_are_for_staff(gql: Any) -> None:
    await make_badge("draft", {"type": "posts", "at_least": 1}, enabled=False)
    member = await make_member("m")
    admin = await make_member("a", roles=["admin"])
    assert (await gql.data(BADGE, {"key": "draft", "first": 5}, token=member.token))[
        "badge"
    ] is None
    assert (await gql.data(BADGE, {"key": "draft", "first": 5}, token=admin.token))["badge"][
        "key"
    ] == "draft"
    hidden = await gql(CATALOG, {"filter": {"includeDisabled": True}}, token=member.token)
    assert hidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_recent_holders_respect_privacy(gql: Any) -> None:
    # given holders: public, members-only, badges hidden, circles-only, deleted
    badge = await make_badge("dune", {"type": "events_completed", "count": 1})
    public = await make_member("pub", visibility="PUBLIC")
    members_only = await make_member("mem", visibility="MEMBERS")
    shy = await make_member("shy", visibility="PUBLIC", show_badges=False)
    circles = await make_member("cir", visibility="CIRCLES")
    gone = await make_member("gone", visibility="PUBLIC", deleted_at=datetime.now(UTC))
    for minutes, holder in enumerate([public, members_only, shy, circles, gone]):
        await give(holder, badge, minutes_ago=minutes)
    reader = await make_member("reader")
    # when read anonymously and by a member
    anonymous = (await gql.data(BADGE, {"key": "dune", "first": 10}))["badge"]
    signed_in = (await gql.data(BADGE, {"key": "dune", "first": 10}, token=reader.token))["badge"]
    limited = (await gql.data(BADGE, {"key": "dune", "first": 1}, token=reader.token))["badge"]
    # then only members whose badges the reader may see, newest first
    assert [h["member"]["handle"] for h in anonymous["recentHolders"]] == ["pub"]
    assert [h["member"]["handle"] for h in signed_in["recentHolders"]] == ["pub", "mem"]
    assert [h["member"]["handle"] for h in limited["recentHolders"]] == ["pub"]


async def test_member_badges_follow_the_privacy_rule(gql: Any) -> None:
    # given a member showing badges, one hiding them, one with a members-only profile
    badge = await make_badge("rookie", {"type": "events_completed", "count": 1})
    open_ = await make_member("open", visibility="PUBLIC")
    private = await make_member("private", visibility="PUBLIC", show_badges=False)
    members_only = await make_member("inside", visibility="MEMBERS")
    for holder in (open_, private, members_only):
        await give(holder, badge)
    reader = await make_member("reader")
    # when the reader looks at each
    shown = await gql.data(MEMBER_BADGES, {"handle": "open"}, token=reader.token)
    hidden = await gql(MEMBER_BADGES, {"handle": "private"}, token=reader.token)
    anonymous = await gql(MEMBER_BADGES, {"handle": "inside"})
    # then the open one lists its badge, the others are FORBIDDEN with null badges
    assert shown["member"]["badges"]["edges"] == [
        {"node": {"occurrence": 1, "badge": {"key": "rookie"}}}
    ]
    for result in (hidden, anonymous):
        assert result["data"]["member"]["badgesVisible"] is False
        assert result["data"]["member"]["badges"] is None
        assert [(e["extensions"]["code"], e["path"]) for e in result["errors"]] == [
            ("FORBIDDEN", ["member", "badges"])
        ]
    assert await AuditLog.all().count() == 0


async def test_owner_and_audited_staff_see_hidden_badges(gql: Any) -> None:
    badge = await make_badge("rookie", {"type": "events_completed", "count": 1})
    private = await make_member("private", visibility="PUBLIC", show_badges=False)
    await give(private, badge)
    staff = await make_member("staff", roles=["moderator"])
    own = await gql.data(MEMBER_BADGES, {"handle": "private"}, token=private.token)
    read = await gql.data(MEMBER_BADGES, {"handle": "private"}, token=staff.token)
    assert len(own["member"]["badges"]["edges"]) == 1
    assert len(read["member"]["badges"]["edges"]) == 1
    audit = await AuditLog.all().values("action", "actor_id", "subject_member_id")
    assert audit == [{"action": "member.private_read", "actor_id": staff.member.id,
                      "subject_member_id": private.member.id}]  # fmt: skip


async def test_viewer_badges_newest_first(gql: Any) -> None:
    first = await make_badge("first", {"type": "events_completed", "count": 1})
    second = await make_badge("second", {"type": "posts", "at_least": 1})
    me = await make_member("me", show_badges=False)
    await give(me, first, minutes_ago=10)
    await give(me, second)
    data = await gql.data(VIEWER_BADGES, token=me.token)
    assert [e["node"]["badge"]["key"] for e in data["viewer"]["badges"]["edges"]] == [
        "second", "first",
    ]  # fmt: skip


HOLDERS_PAGE = """query Page($first: Int) { badges(first: $first) {
  edges { node { key recentHolders(first: 3) { member { handle } } } } } }"""


async def test_catalog_with_holders_runs_the_same_statements_for_any_page_size(gql: Any) -> None:
    # given six badges, each with two public holders
    people = [await make_member(f"h{n}", visibility="PUBLIC") for n in range(2)]
    for n in range(6):
        badge = await make_badge(f"b{n}", {"type": "posts", "at_least": n + 1})
        for person in people:
            await give(person, badge)
    reader = await make_member("reader")
    # when a page of 2 and a page of 6 are read
    async with count_sql() as small:
        few = await gql.data(HOLDERS_PAGE, {"first": 2}, token=reader.token)
    async with count_sql() as large:
        many = await gql.data(HOLDERS_PAGE, {"first": 6}, token=reader.token)
    # then
    assert len(few["badges"]["edges"]) == 2 and len(many["badges"]["edges"]) == 6
    assert all(len(e["node"]["recentHolders"]) == 2 for e in many["badges"]["edges"])
    assert small.count == large.count, large.statements


HOLDERS_WITH_BADGES = """query Holders($key: String!, $first: Int!) {
  badge(key: $key) { recentHolders(first: $first) { member { handle
    badges(first: 2) { edges { node { badge { key } } } pageInfo { hasNextPage } } } } } }"""


async def test_a_list_of_members_reads_their_badges_in_the_same_statements(gql: Any) -> None:
    # given ten members who hold the common badge, each also holding an older rare one
    common = await make_badge("common", {"type": "posts", "at_least": 1})
    rare = await make_badge("rare-one", {"type": "posts", "at_least": 2})
    for n in range(10):
        holder = await make_member(f"list{n}")
        await give(holder, rare, minutes_ago=60)
        await give(holder, common, minutes_ago=n)
    reader = await make_member("lister")
    # when the common badge's holders are listed with their badges, 2 then 10 of them
    async with count_sql() as small:
        few = await gql.data(HOLDERS_WITH_BADGES, {"key": "common", "first": 2},
                             token=reader.token)  # fmt: skip
    async with count_sql() as large:
        many = await gql.data(HOLDERS_WITH_BADGES, {"key": "common", "first": 10},
                              token=reader.token)  # fmt: skip
    # then each member shows both badges, newest first, and the statements do not grow
    holders = many["badge"]["recentHolders"]
    assert len(few["badge"]["recentHolders"]) == 2 and len(holders) == 10
    for holder in holders:
        keys = [e["node"]["badge"]["key"] for e in holder["member"]["badges"]["edges"]]
        assert keys == ["common", "rare-one"], holder["member"]["handle"]
        assert holder["member"]["badges"]["pageInfo"]["hasNextPage"] is False
    assert small.count == large.count, large.statements


PAGED_BADGES = """query Paged($handle: String!, $after: String) {
  member(handle: $handle) { badges(first: 2, after: $after) {
    edges { node { badge { key } } } pageInfo { hasNextPage hasPreviousPage endCursor } } } }"""


async def test_member_badges_page_by_cursor(gql: Any) -> None:
    # given a member holding five badges awarded at different times, two at the same time
    owner = await make_member("pager")
    stamp = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    for n, minutes in enumerate((50, 40, 30, 30, 10)):
        badge = await make_badge(f"page{n}", {"type": "posts", "at_least": n + 1})
        await award_badge(owner, badge, awarded_at=stamp + timedelta(minutes=minutes))
    # when the owner pages through them two at a time
    keys: list[str] = []
    flags: list[tuple[bool, bool]] = []
    after = None
    while True:
        data = await gql.data(PAGED_BADGES, {"handle": "pager", "after": after},
                              token=owner.token)  # fmt: skip
        connection = data["member"]["badges"]
        keys += [e["node"]["badge"]["key"] for e in connection["edges"]]
        info = connection["pageInfo"]
        flags.append((info["hasPreviousPage"], info["hasNextPage"]))
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    # then every badge comes once, newest first (ties by the later award first)
    assert keys == ["page0", "page1", "page3", "page2", "page4"]
    assert flags == [(False, True), (True, True), (True, False)]
