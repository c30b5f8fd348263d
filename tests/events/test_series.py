"""Recurring series: expansion in local time (Asia/Shanghai, and Europe/Berlin across the
spring change), reruns and concurrent runs creating nothing, edits of this and the following
occurrences, and followers told once when an occurrence opens."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from jobs.events import expand_series_job
from models.event_series import EventSeries, SeriesFollow, SeriesStatus
from models.events import Event, EventStatus
from models.notifications import Notification
from services.errors import DomainError, ErrorCode
from services.events import series as series_service
from services.events.series import EditScope
from tests.events.ops_support import acting
from tests.factories import make_circle, make_member, make_registration, make_route

NOW = datetime(2026, 3, 1, tzinfo=UTC)


async def new_series(organizer: Any = None, *, now: datetime = NOW, **overrides: Any) -> Any:
    organizer = organizer or await make_member()
    circle = await make_circle(organizer)
    values: dict[str, Any] = {
        "circle_id": circle.id,
        "route_id": (await make_route()).id,
        "rule": "FREQ=MONTHLY;BYDAY=2SA",
        "starts_on": date(2026, 3, 1),
        "start_time": "09:30",
        "duration_minutes": 480,
        "count": 6,
        "horizon_days": 120,
        "title": "第二个周六 沙漠穿越",
        "time_zone": "Asia/Shanghai",
        "meeting_city": "阿拉善",
        "capacity": 10,
    }
    values.update(overrides)
    made = await series_service.create_series(actor=acting(organizer), now=now, **values)
    return organizer, made


async def occurrences(series_id: int) -> list[Event]:
    return await Event.filter(series_id=series_id).order_by("starts_at")


async def test_every_second_saturday_in_shanghai_skips_its_exception() -> None:
    # when
    organizer, series = await new_series(exceptions=["2026-04-11"])
    # then: 14 Mar, (11 Apr left out), 9 May, 13 Jun lie within 120 days; 09:30 +08 is 01:30 UTC
    found = await occurrences(series.id)
    assert [e.series_date for e in found] == ["2026-03-14", "2026-05-09", "2026-06-13"]
    assert {(e.starts_at.astimezone(UTC).hour, e.starts_at.minute) for e in found} == {(1, 30)}
    assert {e.status for e in found} == {EventStatus.PUBLISHED}
    assert found[0].ends_at - found[0].starts_at == timedelta(hours=8)
    assert found[0].signup_closes_at == found[0].starts_at - timedelta(hours=2)
    organizers = await found[0].organizers.all()
    assert [(o.member_id, o.role) for o in organizers] == [(organizer.member.id, "ORGANIZER")]


async def test_weekly_in_berlin_keeps_local_time_across_the_spring_change() -> None:
    # when: Saturdays at 10:00 around the change of 29 March 2026
    _, series = await new_series(
        rule="FREQ=WEEKLY;BYDAY=SA", starts_on=date(2026, 3, 21), start_time="10:00",
        count=3, time_zone="Europe/Berlin", meeting_city="Berlin",
    )  # fmt: skip
    # then: 09:00 UTC in winter time, 08:00 UTC in summer time, 10:00 local all along
    found = await occurrences(series.id)
    assert [e.starts_at.astimezone(UTC).strftime("%m-%d %H:%M") for e in found] == [
        "03-21 09:00", "03-28 09:00", "04-04 08:00",
    ]  # fmt: skip
    assert (await EventSeries.get(id=series.id)).status == SeriesStatus.ENDED


async def test_a_second_run_and_concurrent_runs_create_nothing_more() -> None:
    # given: a series created with a short horizon, the clock moved on
    _, series = await new_series(horizon_days=30)
    assert len(await occurrences(series.id)) == 1
    later = NOW + timedelta(days=20)
    # when: two runs at once, then a third
    first, second = await asyncio.gather(expand_series_job(now=later), expand_series_job(now=later))
    third = await expand_series_job(now=later)
    # then: April's occurrence exists once (March's stays), nothing more
    dates = [e.series_date for e in await occurrences(series.id)]
    assert dates == ["2026-03-14", "2026-04-11"]
    assert first["created"] + second["created"] == 1
    assert third["created"] == 0


async def test_this_and_following_moves_later_occurrences_and_tells_their_participants() -> None:
    # given: four weekly occurrences expanded, a participant on the third, two more to come
    organizer, series = await new_series(
        rule="FREQ=WEEKLY;BYDAY=SU", starts_on=date(2026, 3, 8), count=6, horizon_days=29
    )
    found = await occurrences(series.id)
    assert len(found) == 4
    participant, _ = await make_registration(found[2])
    # when: from the second on, start at 07:00 and meet in 银川
    edit = await series_service.update_series(
        actor=acting(organizer), series_id=series.id, scope=EditScope.THIS_AND_FOLLOWING,
        event_id=found[1].id, start_time="07:00", meeting_city="银川", now=NOW,
    )  # fmt: skip
    # then: the first is untouched, the others moved with their lead times
    after = await occurrences(series.id)
    assert edit.skipped == []
    assert sorted(e.id for e in edit.changed) == [e.id for e in found[1:]]
    assert (after[0].meeting_city, after[0].starts_at) == ("阿拉善", found[0].starts_at)
    assert after[0].sequence == 0
    for before, now in zip(found[1:], after[1:], strict=True):
        assert now.meeting_city == "银川"
        assert now.starts_at == before.starts_at - timedelta(hours=2, minutes=30)
        assert now.signup_closes_at == now.starts_at - timedelta(hours=2)
        assert now.sequence == 1
    notices = await Notification.filter(member_id=participant.member.id, kind="EVENT_CHANGED")
    assert len(notices) == 1
    assert notices[0].payload["eventId"] == found[2].id
    assert set(notices[0].payload["changed"]) >= {"starts_at", "meeting_city"}
    assert notices[0].payload["values"]["meeting_city"] == "银川"
    # and: occurrences created later follow the new template
    await expand_series_job(now=NOW + timedelta(days=14))
    fifth = (await occurrences(series.id))[4]
    assert (fifth.starts_at.astimezone(UTC).hour, fifth.meeting_city) == (23, "银川")


async def test_one_occurrence_edit_leaves_the_others_and_the_template() -> None:
    # given
    organizer, series = await new_series()
    found = await occurrences(series.id)
    # when
    edit = await series_service.update_series(
        actor=acting(organizer), series_id=series.id, scope=EditScope.ONE,
        event_id=found[1].id, title="五月特别场", now=NOW,
    )  # fmt: skip
    # then
    assert [e.id for e in edit.changed] == [found[1].id]
    assert [e.title for e in await occurrences(series.id)] == [
        series.title, "五月特别场", series.title, series.title,
    ]  # fmt: skip
    assert (await EventSeries.get(id=series.id)).title == series.title


async def test_an_occurrence_a_rule_refuses_is_skipped_and_kept() -> None:
    # given: two seats taken on the second occurrence
    organizer, series = await new_series()
    found = await occurrences(series.id)
    for _ in range(2):
        await make_registration(found[1])
    # when: every occurrence down to one vehicle
    edit = await series_service.update_series(
        actor=acting(organizer), series_id=series.id, scope=EditScope.ALL, capacity=1, now=NOW
    )
    # then
    assert [(event.id, error.code) for event, error in edit.skipped] == [
        (found[1].id, ErrorCode.INVALID_INPUT)
    ]
    assert [e.capacity for e in await occurrences(series.id)] == [1, 10, 1, 1]


async def test_followers_are_told_once_when_an_occurrence_opens() -> None:
    # given: sign-up opens 14 days ahead; a follower
    _, series = await new_series(signup_opens_hours=24 * 14)
    follower = await make_member()
    await series_service.follow_series(actor=acting(follower), series_id=series.id)
    first = (await occurrences(series.id))[1]  # April's; March's opened before the follow
    # when: the job runs as sign-up of April's occurrence opens, and again
    opened = first.signup_opens_at + timedelta(minutes=1)
    await expand_series_job(now=opened)
    await expand_series_job(now=opened)
    # then
    told = await Notification.filter(
        member_id=follower.member.id, kind="EVENT_SERIES_OCCURRENCE_OPEN"
    )
    assert [n.payload["eventId"] for n in told] == [first.id]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"rule": "FREQ=WEEKLY;COUNT=3"}, "rule"),
        ({"rule": "FREQ=HOURLY"}, "rule"),
        ({"rule": "every second saturday"}, "rule"),
        ({"until": date(2026, 9, 1)}, "count"),
        ({"count": None}, "count"),
        ({"start_time": "9:30"}, "start_time"),
        ({"exceptions": ["14 March"]}, "exceptions"),
        ({"capacity": 0}, "capacity"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ],
)
async def test_bad_series_change_nothing(overrides: dict[str, Any], field: str) -> None:
    # given
    before = (await EventSeries.all().count(), await Event.all().count())
    # when
    with pytest.raises(DomainError) as refused:
        await new_series(**overrides)
    # then
    assert (refused.value.code, refused.value.field) == (ErrorCode.INVALID_INPUT, [field])
    assert (await EventSeries.all().count(), await Event.all().count()) == before


async def test_only_circle_organizers_create_and_edit_series() -> None:
    # given
    outsider = await make_member()
    organizer, series = await new_series()
    circle = await make_circle(await make_member())
    # when / then
    with pytest.raises(DomainError) as refused:
        await new_series(outsider, circle_id=circle.id)
    assert refused.value.code == ErrorCode.FORBIDDEN
    with pytest.raises(DomainError) as refused:
        await series_service.update_series(
            actor=acting(outsider), series_id=series.id, scope=EditScope.ALL, title="x", now=NOW
        )
    assert refused.value.code == ErrorCode.FORBIDDEN
    assert await SeriesFollow.filter(series_id=series.id).count() == 0
