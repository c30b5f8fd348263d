"""addComment (one level of replies, reply notifications) and reactToPost / removeReaction."""

from __future__ import annotations

import asyncio

from models.circles import Comment, Post, Reaction
from models.notifications import Notification
from models.outbox import OutboxEvent
from tests.circles.support import ERRORS, codes, create_circle, gid, join, pk, post
from tests.factories import make_member

ADD_COMMENT = f"""
mutation Comment($input: AddCommentInput!) {{
  addComment(input: $input) {{
    comment {{ id body bodyHtml parentId author {{ handle }} }} {ERRORS}
  }}
}}"""
REACT = f"""
mutation React($input: ReactionInput!) {{
  reactToPost(input: $input) {{
    post {{ id reactions {{ like helpful cheer }} viewerReactions }} {ERRORS}
  }}
}}"""
UNREACT = f"""
mutation Unreact($input: ReactionInput!) {{
  removeReaction(input: $input) {{
    post {{ id reactions {{ like helpful }} viewerReactions }} {ERRORS}
  }}
}}"""
THREAD = """
query Thread($id: ID!) {
  node(id: $id) {
    ... on Post {
      commentCount
      comments(first: 10) {
        edges { node { body replyCount author { handle } replies { body author { handle } } } }
      }
    }
  }
}"""


async def _comment(gql, member, post_id, body, parent=None):
    variables = {"input": {"postId": post_id, "body": body, "parentId": parent}}
    return (await gql.data(ADD_COMMENT, variables, token=member.token))["addComment"]


async def test_comments_and_one_level_of_replies_notify_the_right_people(gql):
    # given
    author, alice, bob = [await make_member(h) for h in ("author", "alice", "bob")]
    circle = await create_circle(gql, author)
    for member in (alice, bob):
        await join(gql, member, circle["id"])
    topic = (await post(gql, author, circle["id"]))["post"]
    # when
    top = await _comment(gql, alice, topic["id"], "沙子*很软*")
    reply = await _comment(gql, bob, topic["id"], "同意", parent=top["comment"]["id"])
    nested = await _comment(gql, author, topic["id"], "谢谢", parent=reply["comment"]["id"])
    own = await _comment(gql, author, topic["id"], "补充")
    # then
    assert top["comment"]["bodyHtml"] == "<p>沙子<em>很软</em></p>"
    assert nested["comment"]["parentId"] == top["comment"]["id"]  # joins the top-level thread
    thread = (await gql.data(THREAD, {"id": topic["id"]}, token=bob.token))["node"]
    assert thread["commentCount"] == 4
    edges = thread["comments"]["edges"]
    assert [e["node"]["body"] for e in edges] == ["沙子*很软*", "补充"]
    assert [r["body"] for r in edges[0]["node"]["replies"]] == ["同意", "谢谢"]
    assert edges[0]["node"]["replyCount"] == 2
    notices = await Notification.filter(kind="COMMENT_REPLY").order_by("id")
    assert [(n.member_id, n.payload["commentId"]) for n in notices] == [
        (author.member.id, pk(top["comment"]["id"])),
        (alice.member.id, pk(reply["comment"]["id"])),
        (alice.member.id, pk(nested["comment"]["id"])),
    ]
    assert own["errors"] == []
    assert await OutboxEvent.filter(topic="circle.comment_added").count() == 4


async def test_bad_comments_change_nothing(gql):
    author, outsider = await make_member("author"), await make_member("outsider")
    circle = await create_circle(gql, author)
    topic = (await post(gql, author, circle["id"]))["post"]
    assert codes(await _comment(gql, outsider, topic["id"], "hi")) == ["NOT_MEMBER"]
    assert codes(await _comment(gql, author, topic["id"], "x" * 2001)) == ["INVALID_INPUT"]
    assert codes(await _comment(gql, author, topic["id"], "<script>x</script>")) == [
        "INVALID_INPUT"
    ]
    missing_parent = gid("Comment", 999_999)
    assert codes(await _comment(gql, author, topic["id"], "hi", missing_parent)) == ["NOT_FOUND"]
    assert await Comment.all().count() == 0
    assert (await Post.get(id=pk(topic["id"]))).comment_count == 0


async def test_one_reaction_per_member_and_kind(gql):
    # given
    author, fan = await make_member("author"), await make_member("fan")
    circle = await create_circle(gql, author)
    await join(gql, fan, circle["id"])
    topic = (await post(gql, author, circle["id"]))["post"]
    helpful = {"input": {"postId": topic["id"], "kind": "HELPFUL"}}
    # when
    first = (await gql.data(REACT, helpful, token=fan.token))["reactToPost"]
    second = (await gql.data(REACT, helpful, token=fan.token))["reactToPost"]
    like = {"input": {"postId": topic["id"], "kind": "LIKE"}}
    liked = (await gql.data(REACT, like, token=fan.token))["reactToPost"]
    # then
    assert first["post"]["reactions"] == {"like": 0, "helpful": 1, "cheer": 0}
    assert codes(second) == ["ALREADY_DONE"]
    assert liked["post"]["viewerReactions"] == ["HELPFUL", "LIKE"]
    event = await OutboxEvent.filter(topic="circle.reaction_added").order_by("id").first()
    assert event is not None
    assert event.payload["kind"] == "HELPFUL"
    assert event.payload["author_id"] == author.member.id
    assert event.payload["member_id"] == fan.member.id
    # when taken back, twice
    removed = (await gql.data(UNREACT, helpful, token=fan.token))["removeReaction"]
    again = (await gql.data(UNREACT, helpful, token=fan.token))["removeReaction"]
    assert removed["post"]["reactions"]["helpful"] == 0
    assert codes(again) == ["NOT_FOUND"]
    assert await Reaction.all().count() == 1


async def test_concurrent_reactions_count_once(gql):
    author, fan = await make_member("author"), await make_member("fan")
    circle = await create_circle(gql, author)
    await join(gql, fan, circle["id"])
    topic = (await post(gql, author, circle["id"]))["post"]
    cheer = {"input": {"postId": topic["id"], "kind": "CHEER"}}
    results = await asyncio.gather(*(gql.data(REACT, cheer, token=fan.token) for _ in range(8)))
    assert sum(1 for r in results if not r["reactToPost"]["errors"]) == 1
    assert (await Post.get(id=pk(topic["id"]))).cheer_count == 1


async def test_outsiders_cannot_react(gql):
    author, outsider = await make_member("author"), await make_member("outsider")
    circle = await create_circle(gql, author)
    topic = (await post(gql, author, circle["id"]))["post"]
    refused = await gql.data(
        REACT, {"input": {"postId": topic["id"], "kind": "LIKE"}}, token=outsider.token
    )
    assert codes(refused["reactToPost"]) == ["NOT_MEMBER"]
    assert await Reaction.all().count() == 0
