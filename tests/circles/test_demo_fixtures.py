"""The demo circles: a dozen circles with posts, comments and proposals, loaded idempotently."""

from __future__ import annotations

from fixtures.loader import load_demo_data
from models.circles import Circle, Comment, Membership, MembershipStatus, Post, RouteProposal
from models.members import Member
from models.routes import Route
from services.accounts.tokens import AccessClaims, issue_access_token

HOME = """
query { viewer { homeFeed(first: 5) { edges { node { title circle { name } } } } } }
"""


async def _counts() -> dict[str, int]:
    return {
        "circles": await Circle.all().count(),
        "memberships": await Membership.all().count(),
        "posts": await Post.all().count(),
        "comments": await Comment.all().count(),
        "proposals": await RouteProposal.all().count(),
        "routes": await Route.all().count(),
    }


async def test_demo_circles_load_once_with_consistent_counts(gql):
    # when
    await load_demo_data()
    first = await _counts()
    await load_demo_data()
    # then
    assert await _counts() == first
    assert first["circles"] == 12
    assert first["posts"] >= 15 and first["comments"] >= 10 and first["proposals"] >= 5
    names = set(await Circle.all().values_list("name", flat=True))
    assert {"北京越野圈", "阿拉善沙漠穿越", "川藏自驾", "亲子露营", "医生车友会"} <= names
    routes = set(await Route.all().values_list("name", flat=True))
    assert routes == {"库布其沙漠穿越", "乌兰布统草原", "阿拉善腾格里"}
    for circle in await Circle.all():
        active = await Membership.filter(circle_id=circle.id, status=MembershipStatus.ACTIVE)
        assert circle.member_count == len(active), circle.slug
    doctors = await Circle.get(slug="doctors")
    assert doctors.certification == "REQUESTED"


async def test_a_demo_member_sees_a_home_feed(gql):
    await load_demo_data()
    member = await Member.get(handle="lao_zhou").select_related("account")
    token = issue_access_token(
        AccessClaims(account_id=member.account.id, member_id=member.id, roles=(), version=0)
    )
    data = await gql.data(HOME, token=token)
    edges = data["viewer"]["homeFeed"]["edges"]
    assert len(edges) == 5
