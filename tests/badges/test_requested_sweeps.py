"""Enabling a badge or asking for a sweep only records the request in the consumer's
transaction; the per-minute badge job sweeps it outside any transaction, once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from jobs import badges as jobs
from models.badges import BadgeSweepRequest, MemberBadge
from models.loyalty import LedgerEntry
from services.badges import catalog
from services.jobs.consume import Outcome
from tests.badges.support import deliver_outbox
from tests.factories import (
    award_badge,
    complete_event,
    make_admin,
    make_badge,
    make_member,
    make_members,
    make_route,
)


async def test_enabling_a_badge_is_swept_by_the_job_once() -> None:
    # given a disabled badge and two members who already meet it
    route = await make_route()
    badge = await make_badge(
        "late-on", {"type": "route_completed", "route_id": route.id}, enabled=False
    )
    riders = await make_members(2, "late")
    for rider in riders:
        await complete_event(rider, route, record=False)
    admin = await make_admin()
    # when an admin switches it on and the outbox is delivered
    await catalog.set_badge_enabled(actor=admin, id=badge.id, enabled=True)
    assert await deliver_outbox() == [Outcome.APPLIED]
    # then the consumer only recorded the sweep: nothing is awarded yet
    assert await MemberBadge.filter(badge_id=badge.id).count() == 0
    requests = await BadgeSweepRequest.all()
    assert [(r.badge_keys, r.topic, r.done_at) for r in requests] == [
        (["late-on"], "badge.enabled", None)
    ]
    # when the badge job runs twice
    first = await jobs.delta()
    second = await jobs.delta()
    # then the first run awarded and paid both members, the second nothing
    assert (first["sweeps"], first["swept_awards"], first["settled"]) == (1, 2, 2)
    assert (second["sweeps"], second["swept_awards"], second["settled"]) == (0, 0, 0)
    assert await MemberBadge.filter(badge_id=badge.id).count() == 2
    assert await MemberBadge.filter(badge_id=badge.id, earned_at=None).count() == 0
    for rider in riders:
        assert await LedgerEntry.filter(member_id=rider.id, reason="BADGE_AWARDED").count() == 1
    assert (await BadgeSweepRequest.get(id=requests[0].id)).done_at is not None


async def test_a_sweep_left_by_a_crashed_run_is_swept_again_without_doubling() -> None:
    # given a staff sweep whose run died half way: one award made, the claim lapsed
    route = await make_route()
    badge = await make_badge("again", {"type": "route_completed", "route_id": route.id})
    done, missing = await make_members(2, "again")
    for rider in (done, missing):
        await complete_event(rider, route, record=False)
    await award_badge(done, badge, source_ref="v1")
    await BadgeSweepRequest.create(
        badge_keys=None,
        topic="badge.sweep_requested",
        claimed_until=datetime.now(UTC) - timedelta(minutes=1),
    )
    # when the badge job runs
    summary = await jobs.delta()
    # then only the missing award is added and the request is done
    assert (summary["sweeps"], summary["swept_awards"]) == (1, 1)
    assert await MemberBadge.filter(badge_id=badge.id).count() == 2
    assert await BadgeSweepRequest.filter(done_at=None).count() == 0


async def test_a_claimed_sweep_is_left_to_its_run_and_overlapping_jobs_award_once() -> None:
    # given a request another run holds, and a staff sweep asked for over GraphQL's service
    route = await make_route()
    badge = await make_badge("overlap", {"type": "route_completed", "route_id": route.id})
    rider = await make_member("overlap")
    await complete_event(rider, route, record=False)
    held = await BadgeSweepRequest.create(
        badge_keys=["overlap"],
        topic="badge.sweep_requested",
        claimed_until=datetime.now(UTC) + timedelta(minutes=5),
    )
    await catalog.request_sweep(actor=await make_admin(), badge_keys=["overlap"])
    await deliver_outbox()
    # when three badge jobs run at once
    results = await asyncio.gather(*(jobs.delta() for _ in range(3)))
    # then the free request was swept by one of them, the held one by none, one award made
    assert sum(result["sweeps"] for result in results) == 1
    assert await MemberBadge.filter(badge_id=badge.id).count() == 1
    assert (await BadgeSweepRequest.get(id=held.id)).done_at is None
    assert await BadgeSweepRequest.filter(done_at=None).count() == 1
