"""reportContent, the moderation queues, resolveReport and moderateContent."""

from __future__ import annotations

from models.circles import ContentStatus, Membership, Post, Report
from models.notifications import Notification
from tests.circles.support import ERRORS, codes, create_circle, gid, join, pk, post, stored_count
from tests.factories import make_member

REPORT = f"""
mutation Report($input: ReportContentInput!) {{
  reportContent(input: $input) {{ report {{ id target reason status }} {ERRORS} }}
}}"""
RESOLVE = f"""
mutation Resolve($input: ResolveReportInput!) {{
  resolveReport(input: $input) {{ report {{ id status action resolutionNote }} {ERRORS} }}
}}"""
MODERATE = f"""
mutation Moderate($input: ModerateContentInput!) {{
  moderateContent(input: $input) {{ post {{ id status }} comment {{ id status }} {ERRORS} }}
}}"""
QUEUE = """
query Queue($circleId: ID) {
  moderationQueue(circleId: $circleId, first: 20) {
    edges { node { id target reason note post { title } subject { handle } reporter { handle } } }
  }
}"""
FEED = """
query Feed($slug: String!) { circle(slug: $slug) { posts(first: 10) { edges { node { title } } } } }
"""


async def _setup(gql):
    owner, author, reporter, reporter2 = [
        await make_member(h) for h in ("owner", "author", "reporter", "reporter2")
    ]
    circle = await create_circle(gql, owner, slug="alxa")
    for member in (author, reporter, reporter2):
        await join(gql, member, circle["id"])
    bad = (await post(gql, author, circle["id"], title="spam"))["post"]
    return owner, author, reporter, reporter2, circle, bad


async def _report(gql, member, target_id, **extra):
    variables = {"input": {"targetId": target_id, "reason": "SPAM", **extra}}
    return (await gql.data(REPORT, variables, token=member.token))["reportContent"]


async def _resolve(gql, member, report_id, action, note=None):
    variables = {"input": {"reportId": report_id, "action": action, "note": note}}
    return (await gql.data(RESOLVE, variables, token=member.token))["resolveReport"]


async def test_hiding_a_reported_post_resolves_every_report_and_tells_everyone(gql):
    # given two reports of the same post
    owner, author, reporter, reporter2, circle, bad = await _setup(gql)
    first = await _report(gql, reporter, bad["id"], note="广告")
    await _report(gql, reporter2, bad["id"])
    queue = await gql.data(QUEUE, {"circleId": circle["id"]}, token=owner.token)
    edges = queue["moderationQueue"]["edges"]
    assert [e["node"]["reporter"]["handle"] for e in edges] == ["reporter2", "reporter"]
    assert edges[1]["node"]["post"]["title"] == "spam"
    assert edges[1]["node"]["subject"]["handle"] == "author"
    # when
    resolved = await _resolve(gql, owner, first["report"]["id"], "HIDE", "广告帖")
    # then
    assert resolved["report"]["status"] == "RESOLVED"
    assert await Report.filter(status="OPEN").count() == 0
    assert (await Post.get(id=pk(bad["id"]))).status == ContentStatus.HIDDEN
    feed = await gql.data(FEED, {"slug": "alxa"}, token=reporter.token)
    assert feed["circle"]["posts"]["edges"] == []
    outcomes = await Notification.filter(kind="MODERATION_OUTCOME").order_by("member_id")
    assert sorted(n.member_id for n in outcomes) == sorted(
        [author.member.id, reporter.member.id, reporter2.member.id]
    )
    assert {n.payload["action"] for n in outcomes} == {"HIDE"}
    again = await gql.data(QUEUE, {"circleId": circle["id"]}, token=owner.token)
    assert again["moderationQueue"]["edges"] == []
    # resolving again changes nothing
    twice = await _resolve(gql, owner, first["report"]["id"], "RESTORE")
    assert codes(twice) == ["ALREADY_DONE"]
    assert (await Post.get(id=pk(bad["id"]))).status == ContentStatus.HIDDEN


async def test_bad_reports_and_resolutions_are_refused(gql):
    owner, author, reporter, _, circle, bad = await _setup(gql)
    filed = await _report(gql, reporter, bad["id"])
    assert codes(await _report(gql, reporter, bad["id"])) == ["ALREADY_DONE"]
    assert codes(await _report(gql, author, bad["id"])) == ["INVALID_INPUT"]
    member_gid = gid("Member", author.member.id)
    assert codes(await _report(gql, reporter, member_gid)) == ["INVALID_INPUT"]
    assert codes(await _report(gql, reporter, gid("Post", 999_999))) == ["NOT_FOUND"]
    # a plain member cannot resolve, nor see the queue
    assert codes(await _resolve(gql, reporter, filed["report"]["id"], "HIDE")) == ["FORBIDDEN"]
    hidden = await gql(QUEUE, {"circleId": circle["id"]}, token=reporter.token)
    assert hidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    staff_only = await gql(QUEUE, {}, token=owner.token)
    assert staff_only["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await Report.filter(status="OPEN").count() == 1
    assert (await Post.get(id=pk(bad["id"]))).status == ContentStatus.VISIBLE


async def test_staff_see_every_circle_and_ban_reported_members(gql):
    # given
    owner, author, reporter, _, circle, _ = await _setup(gql)
    staff = await make_member("staff", roles=["moderator"])
    filed = await _report(
        gql, reporter, gid("Member", author.member.id), circleId=circle["id"], note="骚扰"
    )
    queue = await gql.data(QUEUE, {}, token=staff.token)
    assert [e["node"]["note"] for e in queue["moderationQueue"]["edges"]] == ["骚扰"]
    # when
    resolved = await _resolve(gql, staff, filed["report"]["id"], "BAN")
    # then
    assert resolved["report"]["action"] == "BAN"
    row = await Membership.get(circle_id=pk(circle["id"]), member_id=author.member.id)
    assert row.status == "BANNED"
    assert await stored_count(pk(circle["id"])) == 3


async def test_dismissing_tells_only_the_reporter(gql):
    owner, author, reporter, _, _, bad = await _setup(gql)
    filed = await _report(gql, reporter, bad["id"])
    await _resolve(gql, owner, filed["report"]["id"], "DISMISS")
    notices = await Notification.filter(kind="MODERATION_OUTCOME")
    assert [n.member_id for n in notices] == [reporter.member.id]
    assert (await Post.get(id=pk(bad["id"]))).status == ContentStatus.VISIBLE


async def test_moderators_hide_and_restore_directly(gql):
    owner, author, reporter, _, _, bad = await _setup(gql)
    target = {"targetId": bad["id"]}
    refused = await gql.data(
        MODERATE, {"input": {**target, "action": "HIDE"}}, token=reporter.token
    )
    assert codes(refused["moderateContent"]) == ["FORBIDDEN"]
    hidden = await gql.data(MODERATE, {"input": {**target, "action": "HIDE"}}, token=owner.token)
    assert hidden["moderateContent"]["post"]["status"] == "HIDDEN"
    twice = await gql.data(MODERATE, {"input": {**target, "action": "HIDE"}}, token=owner.token)
    assert codes(twice["moderateContent"]) == ["ALREADY_DONE"]
    restored = await gql.data(
        MODERATE, {"input": {**target, "action": "RESTORE"}}, token=owner.token
    )
    assert restored["moderateContent"]["post"]["status"] == "VISIBLE"
    assert await Notification.filter(member_id=author.member.id).count() == 2
