"""Rarity counts members whose account is not deleted; circle activity touches members for
the delta run; sweeps running concurrently award once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from models.badges import Badge, MemberBadge
from models.members import Member
from services.badges import engine
from services.circles import posts
from services.core.actors import MemberActor
from tests.badges.support import deliver_outbox
from tests.factories import complete_event, make_badge, make_circle, make_member, make_route


async def test_rarity_excludes_deleted_members() -> None:
    # given 5 members of whom 1 is deleted; 2 live members and the deleted one hold the badge
    route = await make_route()
    badge = await make_badge("rare", {"type": "route_completed", "route_id": route.id})
    people = [await make_member(f"r{n}") for n in range(5)]
    for person in people[:3]:
        await complete_event(person, route, record=False)
    await engine.run_sweep()
    await Member.filter(id=people[2].member.id).update(deleted_at=datetime.now(UTC))
    # when rarity is refreshed by the next sweep
    await engine.run_sweep()
    # then 2 holders out of 4 live members
    await badge.refresh_from_db()
    assert (badge.holder_count, badge.holder_pct) == (2, 50.0)


async def test_deleted_members_are_never_awarded() -> None:
    route = await make_route()
    badge = await make_badge("live-only", {"type": "route_completed", "route_id": route.id})
    gone = await make_member("gone", deleted_at=datetime.now(UTC))
    await complete_event(gone, route, record=False)
    assert (await engine.run_sweep())["awarded"] == 0
    assert await MemberBadge.filter(badge_id=badge.id).count() == 0


async def test_circle_posts_touch_their_author() -> None:
    # given a posts badge and a member posting twice through the circles service
    badge = await make_badge("chatty", {"type": "posts", "at_least": 2})
    author = await make_member("author")
    circle = await make_circle(author)
    actor = MemberActor(id=author.member.id)
    for body in ("第一帖", "第二帖"):
        await posts.create_post(actor=actor, circle_id=circle.id, body=body)
    # when the outbox is delivered and the delta runs
    await deliver_outbox()
    summary = await engine.run_delta()
    # then the author got the badge from the delta run alone
    assert summary["by_badge"] == {"chatty": 1}
    assert await MemberBadge.filter(badge_id=badge.id, member_id=author.member.id).exists()


async def test_concurrent_sweeps_award_once() -> None:
    route = await make_route()
    badge = await make_badge("many", {"type": "route_completed", "route_id": route.id},
                             repeatable=True)  # fmt: skip
    people = [await make_member(f"s{n}") for n in range(4)]
    for person in people:
        await complete_event(person, route, record=False)
        await complete_event(person, route, record=False)
    results = await asyncio.gather(*(engine.run_sweep() for _ in range(3)))
    assert sum(result["awarded"] for result in results) == 8
    assert await MemberBadge.filter(badge_id=badge.id).count() == 8
    assert (await Badge.get(id=badge.id)).holder_count == 4
