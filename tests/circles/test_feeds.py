"""Circle feed and home feed: newest first, keyset cursors, hidden and foreign posts left out,
and a constant number of SQL statements per page whatever its size."""

from __future__ import annotations

from models.circles import ContentStatus, Post, PostKind, Reaction
from services.circles.circles import create_circle as found
from services.core.actors import MemberActor
from tests.circles.support import LEAVE, create_circle, join, pk, post
from tests.factories import make_member, make_membership, make_route_proposal
from tests.sqlcount import count_sql

HOME = """
query Home($first: Int, $after: String) {
  viewer {
    homeFeed(first: $first, after: $after) {
      edges {
        cursor
        node {
          id title commentCount reactions { like helpful } viewerReactions
          author { handle displayName city }
          circle { name memberCount }
          proposal { id upVotes viewerVote }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}"""
CIRCLE_FEED = """
query Feed($slug: String!, $first: Int, $after: String) {
  circle(slug: $slug) {
    posts(first: $first, after: $after) {
      edges { node { id title author { handle city } viewerReactions } }
      pageInfo { hasNextPage endCursor }
    }
  }
}"""


async def _titles(gql, token, first, after=None):
    data = await gql.data(HOME, {"first": first, "after": after}, token=token)
    feed = data["viewer"]["homeFeed"]
    return [e["node"]["title"] for e in feed["edges"]], feed["pageInfo"]


async def test_home_feed_pages_newest_first_across_the_viewers_circles(gql):
    # given
    owner = await make_member("owner")
    reader = await make_member("reader")
    joined = [await create_circle(gql, owner, slug=f"mine-{n}") for n in range(2)]
    other = await create_circle(gql, owner, slug="not-mine")
    for circle in joined:
        await join(gql, reader, circle["id"])
    for n in range(5):
        await post(gql, owner, joined[n % 2]["id"], title=f"p{n}")
        await post(gql, owner, other["id"], title=f"elsewhere{n}")
    hidden = (await post(gql, owner, joined[0]["id"], title="hidden"))["post"]
    await Post.filter(id=pk(hidden["id"])).update(status=ContentStatus.HIDDEN)
    # when
    first_page, info = await _titles(gql, reader.token, 3)
    second_page, info2 = await _titles(gql, reader.token, 3, info["endCursor"])
    # then
    assert first_page == ["p4", "p3", "p2"]
    assert info["hasNextPage"] is True
    assert second_page == ["p1", "p0"]
    assert info2["hasNextPage"] is False

    # and a circle the reader leaves drops out of the feed
    await gql.data(LEAVE, {"input": {"circleId": joined[1]["id"]}}, token=reader.token)
    titles, _ = await _titles(gql, reader.token, 10)
    assert titles == ["p4", "p2", "p0"]


async def test_circle_feed_of_an_invite_only_circle_is_for_members(gql):
    owner = await make_member("owner")
    outsider = await make_member("outsider")
    circle = await create_circle(gql, owner, slug="secret", joinPolicy="INVITE")
    await post(gql, owner, circle["id"], title="only us")
    inside = await gql.data(CIRCLE_FEED, {"slug": "secret"}, token=owner.token)
    assert [e["node"]["title"] for e in inside["circle"]["posts"]["edges"]] == ["only us"]
    outside = await gql(CIRCLE_FEED, {"slug": "secret"}, token=outsider.token)
    assert outside["errors"][0]["extensions"]["code"] == "NOT_MEMBER"


async def _many_posts(count: int):
    """A reader in 4 circles with ``count`` posts by 12 authors (some CIRCLES-private), some
    of them route proposals the reader reacted to."""
    reader = await make_member("reader")
    authors = [
        await make_member(f"author{n}", visibility="CIRCLES" if n % 2 else "MEMBERS")
        for n in range(12)
    ]
    circles = [
        await found(actor=MemberActor(id=authors[n].member.id), name=f"圈子{n}", kind="INTEREST")
        for n in range(4)
    ]
    for circle in circles:
        await make_membership(circle, reader)
        for author in authors[4:]:
            await make_membership(circle, author)
    rows = [
        Post(
            circle_id=circles[n % 4].id,
            author_id=authors[n % 12].member.id,
            kind=PostKind.ROUTE_PROPOSAL if n % 5 == 0 else PostKind.TEXT,
            title=f"post {n}",
            body="b",
            body_html="<p>b</p>",
        )
        for n in range(count)
    ]
    await Post.bulk_create(rows)
    posts = await Post.all().order_by("id")
    for row in posts:
        if row.kind == PostKind.ROUTE_PROPOSAL:
            await make_route_proposal(row)
        if row.id % 3 == 0:
            await Reaction.create(post=row, member=reader.member, kind="LIKE")
    return reader, circles


async def test_home_feed_runs_the_same_statements_for_10_and_100_posts(gql):
    # given
    reader, _ = await _many_posts(130)
    # when
    async with count_sql() as small:
        data_small = await gql.data(HOME, {"first": 10}, token=reader.token)
    async with count_sql() as large:
        data_large = await gql.data(HOME, {"first": 100}, token=reader.token)
    # then
    assert len(data_small["viewer"]["homeFeed"]["edges"]) == 10
    assert len(data_large["viewer"]["homeFeed"]["edges"]) == 100
    assert small.count == large.count, (small.statements, large.statements)
    assert large.count <= 9, large.statements


async def test_circle_feed_runs_the_same_statements_for_10_and_100_posts(gql):
    reader, circles = await _many_posts(420)
    slug = circles[0].slug
    async with count_sql() as small:
        data_small = await gql.data(CIRCLE_FEED, {"slug": slug, "first": 10}, token=reader.token)
    async with count_sql() as large:
        data_large = await gql.data(CIRCLE_FEED, {"slug": slug, "first": 100}, token=reader.token)
    assert len(data_small["circle"]["posts"]["edges"]) == 10
    assert len(data_large["circle"]["posts"]["edges"]) == 100
    assert small.count == large.count, (small.statements, large.statements)
