"""Calendar feeds, read back with ``vobject`` (a parser independent of the ``icalendar``
library that writes them): stable UIDs, SEQUENCE and STATUS:CANCELLED after changes, the
event's time zone, a private URL that rotating voids, a public feed per open circle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import vobject

from models.circles import JoinPolicy
from models.events import EventStatus
from services.events import events as event_service
from services.events import waitlist
from tests.events.ops_support import acting
from tests.factories import make_circle, make_event, make_member, make_registration

FEED_URL = "query { viewer { calendarFeedUrl } }"
ROTATE = "mutation { rotateCalendarFeed { url errors { code } } }"


def parse(body: str) -> dict[str, Any]:
    """The feed's events by UID, as vobject reads them."""
    calendar = vobject.readOne(body)
    return {vevent.uid.value: vevent for vevent in calendar.vevent_list}


async def feed_path(gql: Any, who: Any) -> str:
    url = (await gql.data(FEED_URL, token=who.token))["viewer"]["calendarFeedUrl"]
    return url[url.index("/calendar/") :]


async def test_a_members_feed_follows_edits_and_cancellations(gql: Any, http: Any) -> None:
    # given: a member with seats on two events, one in Berlin in summer time
    organizer = await make_member()
    circle = await make_circle(organizer)
    start = datetime(2030, 4, 6, 8, 0, tzinfo=UTC)  # 10:00 in Berlin (summer time)
    berlin = await make_event(circle, organizer=organizer, time_zone="Europe/Berlin",
                              starts_at=start, title="Brandenburg sand")  # fmt: skip
    shanghai = await make_event(circle, organizer=organizer, title="腾格里")
    elsewhere = await make_event(organizer=organizer, title="not mine")
    member, _ = await make_registration(berlin)
    _, seat = await make_registration(shanghai, member)
    path = await feed_path(gql, member)
    first = await http.get(path)
    # when: the Berlin event moves by an hour, the member gives up the Shanghai seat
    await event_service.update_event(actor=acting(organizer), event_id=berlin.id,
                                     starts_at=start + timedelta(hours=1))  # fmt: skip
    await waitlist.cancel_registration(actor=acting(member), registration_id=seat.id)
    second = await http.get(path)
    # then
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("text/calendar")
    before, after = parse(first.text), parse(second.text)
    uid_berlin, uid_shanghai = f"event-{berlin.id}@convoy", f"event-{shanghai.id}@convoy"
    assert set(before) == set(after) == {uid_berlin, uid_shanghai}
    assert f"event-{elsewhere.id}@convoy" not in second.text
    assert before[uid_berlin].dtstart.value == datetime(
        2030, 4, 6, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")
    )
    assert "TZID=Europe/Berlin" in first.text and "BEGIN:VTIMEZONE" in first.text
    assert before[uid_berlin].dtstart.value.utcoffset() == timedelta(hours=2)
    assert after[uid_berlin].dtstart.value.astimezone(UTC) == start + timedelta(hours=1)
    assert (int(before[uid_berlin].sequence.value), int(after[uid_berlin].sequence.value)) == (0, 1)
    assert before[uid_shanghai].status.value == "CONFIRMED"
    assert after[uid_shanghai].status.value == "CANCELLED"
    assert int(after[uid_shanghai].sequence.value) > int(before[uid_shanghai].sequence.value)
    assert after[uid_shanghai].dtstart.value.utcoffset() == timedelta(hours=8)


async def test_rotating_voids_the_old_url(gql: Any, http: Any) -> None:
    # given
    member = await make_member()
    old = await feed_path(gql, member)
    # when
    rotated = (await gql.data(ROTATE, token=member.token))["rotateCalendarFeed"]
    new = rotated["url"][rotated["url"].index("/calendar/") :]
    # then
    assert rotated["errors"] == [] and new != old
    assert (await http.get(old)).status_code == 404
    assert (await http.get(new)).status_code == 200
    assert await feed_path(gql, member) == new
    forged = new.rsplit(".", 2)[0] + ".AAAAAAAAAAAAAAAAAAAAAAAA.ics"
    assert (await http.get(forged)).status_code == 404
    assert (await http.get("/calendar/members/1.1.x.ics")).status_code == 404


async def test_a_circles_public_feed_lists_its_published_events(http: Any) -> None:
    # given: a published, a cancelled and a draft event; an INVITE circle
    organizer = await make_member()
    circle = await make_circle(organizer)
    published = await make_event(circle, organizer=organizer)
    cancelled = await make_event(circle, organizer=organizer)
    draft = await make_event(circle, status=EventStatus.DRAFT, published_at=None)
    await event_service.cancel_event(actor=acting(organizer), event_id=cancelled.id, reason="雨")
    closed = await make_circle(organizer, join_policy=JoinPolicy.INVITE)
    await make_event(closed)
    # when
    response = await http.get(f"/calendar/circles/{circle.slug}.ics")
    refused = await http.get(f"/calendar/circles/{closed.slug}.ics")
    # then
    found = parse(response.text)
    assert set(found) == {f"event-{published.id}@convoy", f"event-{cancelled.id}@convoy"}
    assert f"event-{draft.id}@convoy" not in response.text
    assert found[f"event-{cancelled.id}@convoy"].status.value == "CANCELLED"
    assert int(found[f"event-{cancelled.id}@convoy"].sequence.value) == 1
    assert found[f"event-{published.id}@convoy"].summary.value == published.title
    assert refused.status_code == 404
    assert (await http.get("/calendar/circles/no-such-circle.ics")).status_code == 404
