"""reportContent and moderateContent see what the reporter sees: a post, a comment or a member
of an INVITE circle the reporter is not in, and a hidden post, read as missing, and nothing
reaches that circle's moderation queue."""

from __future__ import annotations

from models.circles import Comment, JoinPolicy, MembershipStatus, Report
from tests.circles.test_moderation import MODERATE, REPORT
from tests.events.support import gid
from tests.factories import make_circle, make_member, make_membership, make_post


async def _report(gql, who, target_id, circle_id=None):
    variables = {"input": {"targetId": target_id, "reason": "SPAM", "circleId": circle_id}}
    payload = (await gql.data(REPORT, variables, token=who.token))["reportContent"]
    return [(error["code"], tuple(error["field"] or ())) for error in payload["errors"]]


async def _world(prefix: str = ""):
    owner, author, insider, pending = [
        await make_member(prefix + handle) for handle in ("owner", "author", "insider", "pending")
    ]
    closed = await make_circle(owner, author, insider, join_policy=JoinPolicy.INVITE)
    await make_membership(closed, pending, status=MembershipStatus.PENDING)
    secret = await make_post(closed, author, title="私密路线")
    comment = await Comment.create(post_id=secret.id, author_id=author.member.id, body="x",
                                   body_html="<p>x</p>")  # fmt: skip
    return owner, author, insider, pending, closed, secret, comment


async def test_outsiders_cannot_report_into_a_private_circle(gql):
    # given: an INVITE circle with a post, a comment, members; an outsider
    owner, author, _, pending, closed, secret, comment = await _world()
    outsider = await make_member("outsider")
    missing = gid("Post", 987_654_321)
    circle = gid("Circle", closed.id)
    # when: the outsider reports each, twice, and things that do not exist
    answers = {
        "missing post": await _report(gql, outsider, missing),
        "post": await _report(gql, outsider, gid("Post", secret.id)),
        "post again": await _report(gql, outsider, gid("Post", secret.id)),
        "comment": await _report(gql, outsider, gid("Comment", comment.id)),
        "missing comment": await _report(gql, outsider, gid("Comment", 987_654_321)),
        "member": await _report(gql, outsider, gid("Member", author.member.id), circle),
        "non-member": await _report(gql, outsider, gid("Member", outsider.member.id + 999), circle),
    }
    # then: every answer is that of a missing target, and the queue is empty
    assert set(map(tuple, answers.values())) == {(("NOT_FOUND", ("input", "targetId")),)}
    assert await Report.all().count() == 0


async def test_members_report_but_membership_other_than_active_reads_as_missing(gql):
    # given
    owner, author, insider, pending, closed, secret, comment = await _world()
    circle = gid("Circle", closed.id)
    # when
    post_answer = await _report(gql, insider, gid("Post", secret.id))
    again = await _report(gql, insider, gid("Post", secret.id))
    comment_answer = await _report(gql, insider, gid("Comment", comment.id))
    pending_member = await _report(gql, insider, gid("Member", pending.member.id), circle)
    active_member = await _report(gql, insider, gid("Member", author.member.id), circle)
    # then
    assert post_answer == [] and comment_answer == [] and active_member == []
    assert again == [("ALREADY_DONE", ())]
    assert pending_member == [("NOT_FOUND", ("input", "targetId"))]
    assert await Report.all().count() == 3


async def test_a_hidden_post_cannot_be_reported_or_probed_by_moderating(gql):
    # given: a hidden post of an open circle and a post of an INVITE circle
    owner = await make_member("owner")
    author = await make_member("author")
    public = await make_circle(owner, author)
    hidden = await make_post(public, author, status="HIDDEN")
    _, _, _, _, _, secret, _ = await _world("x")
    outsider = await make_member("outsider")
    # when
    reported = await _report(gql, outsider, gid("Post", hidden.id))
    moderated = []
    for target in (gid("Post", secret.id), gid("Post", 987_654_321)):
        variables = {"input": {"targetId": target, "action": "HIDE"}}
        payload = (await gql.data(MODERATE, variables, token=outsider.token))["moderateContent"]
        moderated.append([(error["code"], error["field"]) for error in payload["errors"]])
    restored = await gql.data(
        MODERATE, {"input": {"targetId": gid("Post", hidden.id), "action": "RESTORE"}},
        token=owner.token,
    )  # fmt: skip
    # then: the outsider learns nothing; the circle's owner still restores the hidden post
    assert reported == [("NOT_FOUND", ("input", "targetId"))]
    assert moderated[0] == moderated[1] == [("NOT_FOUND", ["input", "targetId"])]
    assert restored["moderateContent"]["post"]["status"] == "VISIBLE"
