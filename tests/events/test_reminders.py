"""Reminders 24 h and 2 h before the start: to seated registrants of published events only,
each sent once even when the job runs twice or concurrently."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from models.events import EventReminder, RegistrationStatus
from models.notifications import Notification
from services.events.reminders import send_reminders
from tests.factories import event_starting_in, make_registration


async def _reminded() -> list[int]:
    rows = Notification.filter(kind="EVENT_REMINDER")
    return sorted(await rows.values_list("member_id", flat=True))


async def test_reminders_go_to_seated_registrants_once(gql):
    # given: an event starting in 20 hours with two seated and two unseated registrants
    now = datetime.now(UTC)
    event = await event_starting_in(timedelta(hours=20))
    confirmed, _ = await make_registration(event)
    checked_in, _ = await make_registration(event, status=RegistrationStatus.CHECKED_IN)
    await make_registration(event, status=RegistrationStatus.WAITLISTED)
    await make_registration(event, status=RegistrationStatus.CANCELLED)
    # when
    first = await send_reminders(now=now)
    second = await send_reminders(now=now)
    # then
    assert first == {"sent": {"24H": 2, "2H": 0}}
    assert second == {"sent": {"24H": 0, "2H": 0}}
    assert await _reminded() == sorted([confirmed.member.id, checked_in.member.id])


async def test_the_two_hour_reminder_follows_and_nothing_goes_to_other_events(gql):
    # given: one event in 90 minutes, a draft and a far one
    now = datetime.now(UTC)
    soon = await event_starting_in(timedelta(minutes=90))
    draft = await event_starting_in(timedelta(minutes=90), status="DRAFT")
    far = await event_starting_in(timedelta(days=3))
    member, _ = await make_registration(soon)
    await make_registration(draft)
    await make_registration(far)
    # when
    result = await send_reminders(now=now)
    # then: the 24 h window is over, only the 2 h reminder goes out
    assert result == {"sent": {"24H": 0, "2H": 1}}
    assert await _reminded() == [member.member.id]
    assert await EventReminder.filter(kind="2H").count() == 1


async def test_concurrent_runs_send_each_reminder_once(gql):
    # given
    now = datetime.now(UTC)
    event = await event_starting_in(timedelta(hours=12))
    members = [(await make_registration(event))[0] for _ in range(5)]
    # when
    results = await asyncio.gather(*(send_reminders(now=now) for _ in range(4)))
    # then
    assert sum(result["sent"]["24H"] for result in results) == 5
    assert await _reminded() == sorted(member.member.id for member in members)
    assert await EventReminder.all().count() == 5


async def test_the_reminder_job_runs_every_five_minutes(gql):
    from jobs.catalog import load_jobs

    job = load_jobs()["events.send_reminders"]
    assert job.schedule is not None and job.schedule.every == timedelta(minutes=5)
    event = await event_starting_in(timedelta(hours=1))
    await make_registration(event)
    assert await job.func() == {"sent": {"24H": 0, "2H": 1}}
