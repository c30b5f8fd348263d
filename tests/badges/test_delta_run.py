"""Completing an event earns the route badge within one delta run, exactly once: repeated
runs, concurrent runs, points and notification included."""

from __future__ import annotations

import asyncio

from models.badges import BadgeTouch, MemberBadge
from models.loyalty import IdempotencyRecord, LedgerEntry
from models.notifications import Notification
from services.badges import engine
from services.jobs.consume import Outcome
from services.loyalty.seed import DEFAULT_RULES
from tests.badges.support import deliver_outbox
from tests.factories import complete_event, make_badge, make_member, make_route

BADGE_POINTS = next(rule[3] for rule in DEFAULT_RULES if rule[0] == "BADGE_AWARDED")


async def test_completion_awards_route_badge_once_with_points_and_notice() -> None:
    # given a route badge and a member who completes an event on that route
    route = await make_route(name="库布其沙漠穿越")
    badge = await make_badge("kubuqi", {"type": "route_completed", "route_id": route.id})
    rider = await make_member("rider")
    bystander = await make_member("bystander")
    await complete_event(rider, route)
    # when the outbox is delivered and the delta job runs twice
    assert await deliver_outbox() == [Outcome.APPLIED]
    first = await engine.run_delta()
    second = await engine.run_delta()
    # then the badge is awarded once, notified once and paid once
    assert first["awarded"] == 1 and first["settled"] == 1
    assert second["awarded"] == 0 and second["settled"] == 0
    awards = await MemberBadge.filter(badge_id=badge.id)
    assert [(a.member_id, a.occurrence, a.source_ref) for a in awards] == [
        (rider.member.id, 1, "v1")
    ]
    assert awards[0].earned_at is not None
    earned = await LedgerEntry.filter(member_id=rider.member.id, reason="BADGE_AWARDED")
    assert [(e.amount, e.idempotency_key) for e in earned] == [
        (BADGE_POINTS, f"badge:{awards[0].id}")
    ]
    notices = await Notification.filter(member_id=rider.member.id, kind="BADGE_AWARDED")
    assert len(notices) == 1 and notices[0].payload["badgeKey"] == "kubuqi"
    assert await MemberBadge.filter(member_id=bystander.member.id).count() == 0
    assert await BadgeTouch.all().count() == 0
    await badge.refresh_from_db()
    assert badge.holder_count == 1 and badge.holder_pct == 50.0


async def test_concurrent_delta_runs_award_once() -> None:
    # given five riders who completed the route and were touched
    route = await make_route()
    badge = await make_badge("route-once", {"type": "route_completed", "route_id": route.id})
    riders = [await make_member(f"con{n}") for n in range(5)]
    for rider in riders:
        await complete_event(rider, route)
    await deliver_outbox()
    # when three delta runs fire at once, then one more
    await asyncio.gather(*(engine.run_delta() for _ in range(3)))
    await engine.run_delta()
    # then each rider holds one award, one BADGE_AWARDED entry and one notice
    assert await MemberBadge.filter(badge_id=badge.id).count() == 5
    for rider in riders:
        member_id = rider.member.id
        assert await LedgerEntry.filter(member_id=member_id, reason="BADGE_AWARDED").count() == 1
        assert await Notification.filter(member_id=member_id, kind="BADGE_AWARDED").count() == 1
    assert await MemberBadge.filter(earned_at=None).count() == 0


async def test_untouched_members_wait_for_the_sweep() -> None:
    # given a completion whose outbox event was never recorded (no touch)
    route = await make_route()
    badge = await make_badge("quiet", {"type": "route_completed", "route_id": route.id})
    rider = await make_member("quiet")
    await complete_event(rider, route, record=False)
    # when the delta runs, then the sweep
    assert (await engine.run_delta())["awarded"] == 0
    swept = await engine.run_sweep()
    # then only the sweep awards it
    assert swept["by_badge"] == {"quiet": 1}
    assert await MemberBadge.filter(badge_id=badge.id, member_id=rider.member.id).exists()


async def test_awards_are_settled_without_points_while_the_rule_is_off() -> None:
    # given awards whose earning rule is switched off when they are settled
    from models.loyalty import EarningRule

    route = await make_route()
    badge = await make_badge("unpaid", {"type": "route_completed", "route_id": route.id})
    riders = [await make_member(f"unpaid{n}") for n in range(3)]
    for rider in riders:
        await complete_event(rider, route)
    await deliver_outbox()
    await EarningRule.filter(reason="BADGE_AWARDED").update(enabled=False)
    # when the delta runs, the rule comes back, and it runs again
    first = await engine.run_delta()
    await EarningRule.filter(reason="BADGE_AWARDED").update(enabled=True)
    second = await engine.run_delta()
    # then the first run settled them without points (notified once), the second had nothing
    assert (first["awarded"], first["settled"], first["unpaid"], first["unsettled"]) == (3, 3, 3, 0)
    assert (second["settled"], second["unsettled"]) == (0, 0)
    assert await MemberBadge.filter(badge_id=badge.id, earned_at=None).count() == 0
    for rider in riders:
        member_id = rider.member.id
        assert await LedgerEntry.filter(member_id=member_id, reason="BADGE_AWARDED").count() == 0
        assert await Notification.filter(member_id=member_id, kind="BADGE_AWARDED").count() == 1


async def test_an_award_that_keeps_failing_does_not_hold_back_newer_ones() -> None:
    # given three awards, the oldest of which the ledger refuses every time (its key is taken
    # by another request), and a settlement budget of one award per run
    route = await make_route()
    badge = await make_badge("stuck", {"type": "route_completed", "route_id": route.id})
    riders = [await make_member(f"stuck{n}") for n in range(3)]
    for rider in riders:
        await complete_event(rider, route, record=False)
    await engine.run_sweep()
    awards = await MemberBadge.filter(badge_id=badge.id).order_by("id")
    await IdempotencyRecord.create(key=f"badge:{awards[0].id}", request_hash="0" * 64)
    # when settlement runs five times
    runs = [await engine.settle_awards(batch=1, limit=1) for _ in range(5)]
    # then the newer two are paid after the stuck one, which is tried again once per pass
    assert [(r["settled"], r["unsettled"]) for r in runs] == [
        (0, 1), (1, 0), (1, 0), (0, 0), (0, 1),
    ]  # fmt: skip
    unsettled = await MemberBadge.filter(badge_id=badge.id, earned_at=None)
    assert [a.id for a in unsettled] == [awards[0].id]
    assert await LedgerEntry.filter(reason="BADGE_AWARDED").count() == 2


async def test_points_and_contribution_earned_touch_their_members() -> None:
    # given points and contribution badges, and a first delta run that sets the watermarks
    from services.loyalty import contribution, ledger

    points = await make_badge("earner", {"type": "points_earned", "at_least": 300})
    helper = await make_badge("helper", {"type": "contribution", "at_least": 40})
    earner = await make_member("earner")
    helper_member = await make_member("helper")
    idle = await make_member("idle")
    await engine.run_delta()
    # when they earn points and contribution (no outbox topic), and the delta runs twice
    await ledger.earn(earner.member.id, "PURCHASE", idempotency_key="buy-1", amount=300)
    await ledger.earn(idle.member.id, "PURCHASE", idempotency_key="buy-2", amount=10)
    await contribution.add_contribution(
        helper_member.member.id, 50, reason="ANSWER", idempotency_key="help-1"
    )
    first = await engine.run_delta()
    second = await engine.run_delta()
    # then each got their badge from the first run alone, and no touch is left over
    assert first["by_badge"] == {"earner": 1, "helper": 1}
    assert second["awarded"] == 0
    assert await MemberBadge.filter(badge_id=points.id, member_id=earner.member.id).exists()
    assert await MemberBadge.filter(badge_id=helper.id, member_id=helper_member.member.id).exists()
    assert await MemberBadge.filter(member_id=idle.member.id).count() == 0
    assert await BadgeTouch.all().count() == 0
