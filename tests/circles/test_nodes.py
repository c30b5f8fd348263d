"""``node(id:)`` resolves every circle type, and only what the viewer may read."""

from __future__ import annotations

from models.circles import ContentStatus, Post
from tests.circles.support import create_circle, join, pk, post, propose
from tests.factories import make_member

NODE = """
query Node($id: ID!) {
  node(id: $id) {
    __typename
    ... on Circle { slug }
    ... on Post { title }
    ... on Comment { body }
    ... on RouteProposal { name post { title } }
    ... on Route { name }
  }
}"""
COMMENT = """
mutation C($input: AddCommentInput!) { addComment(input: $input) { comment { id } } }
"""
DECIDE = """
mutation D($input: DecideProposalInput!) { decideProposal(input: $input) { route { id } } }
"""


async def _node(gql, node_id, member=None):
    data = await gql.data(NODE, {"id": node_id}, token=member.token if member else None)
    return data["node"]


async def test_every_circle_type_resolves_by_global_id(gql):
    owner = await make_member("owner")
    circle = await create_circle(gql, owner, slug="kubuqi")
    created = (await post(gql, owner, circle["id"], title="游记"))["post"]
    comment = await gql.data(
        COMMENT, {"input": {"postId": created["id"], "body": "赞"}}, token=owner.token
    )
    proposal = (await propose(gql, owner, circle["id"]))["proposal"]
    decided = await gql.data(
        DECIDE, {"input": {"proposalId": proposal["id"], "accept": True}}, token=owner.token
    )
    assert (await _node(gql, circle["id"]))["slug"] == "kubuqi"
    assert (await _node(gql, created["id"]))["title"] == "游记"
    assert (await _node(gql, comment["addComment"]["comment"]["id"]))["body"] == "赞"
    resolved = await _node(gql, proposal["id"])
    assert resolved["name"] == "库布其沙漠穿越" and resolved["post"]["title"] == "库布其沙漠穿越"
    assert (await _node(gql, decided["decideProposal"]["route"]["id"]))["name"] == "库布其沙漠穿越"


async def test_hidden_posts_and_invite_only_circles_stay_private(gql):
    # given
    owner, author, other = [await make_member(h) for h in ("owner", "author", "other")]
    open_circle = await create_circle(gql, owner, slug="open")
    secret = await create_circle(gql, owner, slug="secret", joinPolicy="INVITE")
    await join(gql, author, open_circle["id"])
    await join(gql, other, open_circle["id"])
    hidden = (await post(gql, author, open_circle["id"], title="hidden"))["post"]
    await Post.filter(id=pk(hidden["id"])).update(status=ContentStatus.HIDDEN)
    members_only = (await post(gql, owner, secret["id"], title="members only"))["post"]
    # then
    assert await _node(gql, hidden["id"], other) is None
    assert (await _node(gql, hidden["id"], author))["title"] == "hidden"
    assert (await _node(gql, hidden["id"], owner))["title"] == "hidden"  # a moderator
    assert await _node(gql, members_only["id"], other) is None
    assert await _node(gql, members_only["id"]) is None
    assert (await _node(gql, members_only["id"], owner))["title"] == "members only"
    assert (await _node(gql, secret["id"], other))["slug"] == "secret"  # the circle is listed
