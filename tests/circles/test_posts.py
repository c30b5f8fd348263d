"""createPost, editPost, deletePost and pinPost, with every bad input refused."""

from __future__ import annotations

from models.circles import Circle, Post
from models.outbox import OutboxEvent
from tests.circles.support import (
    ERRORS,
    LEAVE,
    POST_FIELDS,
    codes,
    create_circle,
    join,
    pk,
    post,
)
from tests.factories import make_member

EDIT_POST = f"""
mutation Edit($input: EditPostInput!) {{
  editPost(input: $input) {{ post {{ {POST_FIELDS} editedAt }} {ERRORS} }}
}}"""
DELETE_POST = f"""
mutation Delete($input: PostInput!) {{
  deletePost(input: $input) {{ post {{ id status }} {ERRORS} }}
}}"""
PIN_POST = f"""
mutation Pin($input: PinPostInput!) {{
  pinPost(input: $input) {{ post {{ id pinned }} {ERRORS} }}
}}"""
PINNED = """
query Pinned($slug: String!) { circle(slug: $slug) { pinnedPosts { id title } postCount } }"""


async def test_members_post_markdown_rendered_safely(gql):
    # given
    owner = await make_member("owner")
    circle = await create_circle(gql, owner, slug="kubuqi")
    # when
    payload = await post(
        gql,
        owner,
        circle["id"],
        kind="TRIP_REPORT",
        title="库布其两日",
        body="**沙丘**很高\n\n- 胎压 1.2\n- [轨迹](https://maps.example/t/1)",
        images=[f"https://img.example/{n}.jpg" for n in range(9)],
    )
    # then
    assert payload["errors"] == []
    created = payload["post"]
    assert created["kind"] == "TRIP_REPORT"
    assert created["bodyHtml"].startswith("<p><strong>沙丘</strong>很高</p><ul>")
    assert len(created["images"]) == 9
    assert created["author"]["handle"] == "owner"
    stored = await Circle.get(id=pk(circle["id"]))
    assert stored.post_count == 1
    event = await OutboxEvent.get(topic="circle.post_created")
    assert event.payload == {
        "post_id": pk(created["id"]),
        "circle_id": pk(circle["id"]),
        "author_id": owner.member.id,
        "kind": "TRIP_REPORT",
        "city": "北京",
    }


async def test_bad_posts_are_refused_and_nothing_is_stored(gql):
    # given
    owner = await make_member("owner")
    rider = await make_member("rider")
    outsider = await make_member("outsider")
    circle = await create_circle(gql, owner)
    await join(gql, rider, circle["id"])
    cases = [
        (outsider, {}, "NOT_MEMBER"),
        (rider, {"body": "x" * 10_001}, "INVALID_INPUT"),
        (rider, {"body": "   "}, "INVALID_INPUT"),
        (rider, {"body": "看这里 <script>steal()</script>"}, "INVALID_INPUT"),
        (rider, {"body": '<img src=x onerror="alert(1)">'}, "INVALID_INPUT"),
        (rider, {"images": [f"https://img.example/{n}.jpg" for n in range(10)]}, "INVALID_INPUT"),
        (rider, {"images": ["javascript:alert(1)"]}, "INVALID_INPUT"),
        (rider, {"title": "t" * 121}, "INVALID_INPUT"),
        (rider, {"kind": "ANNOUNCEMENT"}, "FORBIDDEN"),
        (rider, {"kind": "ROUTE_PROPOSAL"}, "INVALID_INPUT"),
    ]
    for author, fields, code in cases:
        # when
        payload = await post(gql, author, circle["id"], **fields)
        # then
        assert codes(payload) == [code], fields
        assert payload["post"] is None
    assert await Post.all().count() == 0
    assert (await Circle.get(id=pk(circle["id"]))).post_count == 0
    assert await OutboxEvent.filter(topic="circle.post_created").count() == 0


async def test_script_error_message_is_localized(gql):
    owner = await make_member("owner", locale="en")
    circle = await create_circle(gql, owner)
    payload = await post(gql, owner, circle["id"], body="<script>x</script>")
    assert payload["errors"][0]["message"] == "Text must not contain scripts or HTML code."
    assert payload["errors"][0]["field"] == ["input", "body"]


async def test_authors_edit_and_delete_their_own_posts_only(gql):
    # given
    owner = await make_member("owner")
    rider = await make_member("rider")
    circle = await create_circle(gql, owner)
    await join(gql, rider, circle["id"])
    created = (await post(gql, rider, circle["id"]))["post"]
    # when someone else edits
    refused = await gql.data(
        EDIT_POST, {"input": {"postId": created["id"], "body": "改"}}, token=owner.token
    )
    # then
    assert codes(refused["editPost"]) == ["FORBIDDEN"]
    # when the author edits
    edited = await gql.data(
        EDIT_POST,
        {"input": {"postId": created["id"], "body": "改成 *这样*"}},
        token=rider.token,
    )
    assert edited["editPost"]["post"]["bodyHtml"] == "<p>改成 <em>这样</em></p>"
    assert edited["editPost"]["post"]["editedAt"] is not None
    bad = await gql.data(
        EDIT_POST, {"input": {"postId": created["id"], "body": "<iframe>"}}, token=rider.token
    )
    assert codes(bad["editPost"]) == ["INVALID_INPUT"]
    assert (await Post.get(id=pk(created["id"]))).body == "改成 *这样*"
    # when the author deletes, twice
    deleted = await gql.data(DELETE_POST, {"input": {"postId": created["id"]}}, token=rider.token)
    again = await gql.data(DELETE_POST, {"input": {"postId": created["id"]}}, token=rider.token)
    assert deleted["deletePost"]["post"]["status"] == "DELETED"
    assert codes(again["deletePost"]) == ["NOT_FOUND"]
    assert (await Circle.get(id=pk(circle["id"]))).post_count == 0


async def test_moderators_post_and_pin_announcements(gql):
    # given
    owner = await make_member("owner")
    rider = await make_member("rider")
    circle = await create_circle(gql, owner, slug="camping")
    await join(gql, rider, circle["id"])
    note = (await post(gql, owner, circle["id"], kind="ANNOUNCEMENT", title="规则"))["post"]
    chat = (await post(gql, rider, circle["id"]))["post"]
    # when
    by_rider = await gql.data(PIN_POST, {"input": {"postId": note["id"]}}, token=rider.token)
    not_announcement = await gql.data(
        PIN_POST, {"input": {"postId": chat["id"]}}, token=owner.token
    )
    pinned = await gql.data(PIN_POST, {"input": {"postId": note["id"]}}, token=owner.token)
    # then
    assert codes(by_rider["pinPost"]) == ["FORBIDDEN"]
    assert codes(not_announcement["pinPost"]) == ["INVALID_INPUT"]
    assert pinned["pinPost"]["post"]["pinned"] is True
    data = await gql.data(PINNED, {"slug": "camping"}, token=rider.token)
    assert [p["title"] for p in data["circle"]["pinnedPosts"]] == ["规则"]


async def test_posting_in_a_circle_one_left_is_refused(gql):
    owner = await make_member("owner")
    rider = await make_member("rider")
    circle = await create_circle(gql, owner)
    await join(gql, rider, circle["id"])
    await gql.data(LEAVE, {"input": {"circleId": circle["id"]}}, token=rider.token)
    assert codes(await post(gql, rider, circle["id"])) == ["NOT_MEMBER"]
    assert await Post.filter(author_id=rider.member.id).count() == 0
