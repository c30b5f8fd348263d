"""The badge jobs are registered with their schedules and may run twice."""

from __future__ import annotations

from datetime import timedelta

from jobs import badges as jobs
from jobs.catalog import load_jobs
from models.badges import MemberBadge
from tests.badges.support import deliver_outbox
from tests.factories import complete_event, make_badge, make_member, make_route


async def test_jobs_are_scheduled() -> None:
    registered = load_jobs()
    assert registered["badges.delta"].schedule is not None
    assert registered["badges.delta"].schedule.every == timedelta(minutes=1)
    assert registered["badges.sweep"].schedule is not None
    assert registered["badges.sweep"].schedule.at is not None
    assert registered["badges.sweep"].reports_progress is True


async def test_delta_and_sweep_jobs_run_twice_without_doubling() -> None:
    route = await make_route()
    badge = await make_badge("job", {"type": "route_completed", "route_id": route.id})
    rider = await make_member("jobber")
    await complete_event(rider, route)
    await deliver_outbox()
    progress: list[tuple[int, int | None]] = []
    results = [
        await jobs.delta(),
        await jobs.delta(),
        await jobs.sweep(progress=lambda done, total: progress.append((done, total))),
        await jobs.sweep(),
    ]
    assert [r["awarded"] for r in results] == [1, 0, 0, 0]
    assert results[0]["settled"] == 1 and results[1]["settled"] == 0
    assert await MemberBadge.filter(badge_id=badge.id).count() == 1
    assert progress[0] == (0, 1) and progress[-1] == (1, 1)
