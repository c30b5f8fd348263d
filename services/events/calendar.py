"""Calendar feeds (RFC 5545, written with ``icalendar``): a member's private feed of the events
they hold a seat for, and a circle's public feed of its published events.

* UIDs are stable (``event-<id>@convoy``), so a calendar app updates an event in place.
* ``SEQUENCE`` is the event's ``sequence`` (raised by every edit and by cancelling), plus one
  in a member's feed once the member cancelled, so apps take the newer version.
* A cancelled event, or a member's cancelled seat, stays in the feed for ``KEEP_PAST`` with
  ``STATUS:CANCELLED``, so subscribed calendars drop or strike it.
* Times are written in the event's own zone (``DTSTART;TZID=Asia/Shanghai``) with the matching
  ``VTIMEZONE``.
* The private URL carries ``<member id>.<version>.<HMAC>`` under the settings' ``secret_key``:
  nothing secret is stored, the URL can be shown again, and rotating (a new version) voids
  every URL handed out before.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as VEvent
from tortoise.expressions import F

import runtime
from models.circles import Circle, JoinPolicy
from models.event_series import CalendarFeedKey
from models.members import Member
from services.core import clock
from services.core.actors import Actor
from services.core.sql import Sql, as_datetime
from services.errors import NotFound
from services.events.timezones import vtimezone

#: How long past (and cancelled) events stay in a feed.
KEEP_PAST = timedelta(days=90)
#: Events one feed lists at most (the soonest-ending first dropped beyond it).
FEED_LIMIT = 500
PRODID = "-//Convoy//Events//ZH"
_SEATED = ("CONFIRMED", "CHECKED_IN", "COMPLETED")


def _mac(member_id: int, version: int) -> str:
    key = runtime.settings().secret_key.encode()
    message = f"calendar-feed:{member_id}:{version}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode().rstrip("=")


def feed_token(member_id: int, version: int) -> str:
    return f"{member_id}.{version}.{_mac(member_id, version)}"


async def my_feed_token(*, actor: Actor) -> str:
    """The token of the actor's private feed URL (the same until rotated)."""
    row, _ = await CalendarFeedKey.get_or_create(member_id=actor.id)
    return feed_token(actor.id, row.version)


async def rotate_feed_token(*, actor: Actor) -> str:
    """A new token; every URL handed out before stops working at once."""
    await CalendarFeedKey.get_or_create(member_id=actor.id)
    await CalendarFeedKey.filter(member_id=actor.id).update(version=F("version") + 1)
    return await my_feed_token(actor=actor)


async def member_of_token(token: str) -> int:
    """The member whose current token this is; NOT_FOUND for anything else (a rotated,
    forged or malformed token, a deleted member)."""
    parts = token.split(".")
    if len(parts) != 3 or not all(part.isascii() for part in parts):
        raise NotFound(field="token")
    member_text, version_text, mac = parts
    if not (member_text.isdigit() and version_text.isdigit()) or len(member_text) > 18:
        raise NotFound(field="token")
    member_id, version = int(member_text), int(version_text)
    if not hmac.compare_digest(_mac(member_id, version), mac):
        raise NotFound(field="token")
    current = await CalendarFeedKey.get_or_none(member_id=member_id)
    if current is None or current.version != version:
        raise NotFound(field="token")
    if not await Member.filter(id=member_id, deleted_at=None).exists():
        raise NotFound(field="token")
    return member_id


_MEMBER_ROWS = (
    "SELECT e.id, e.title, e.description, e.status, e.time_zone, e.starts_at, e.ends_at, "
    "e.meeting_city, e.sequence, e.updated_at, r.status AS registration_status, "
    "r.updated_at AS registration_updated_at "
    "FROM event_registrations r JOIN events e ON e.id = r.event_id "
    "WHERE r.member_id = ? AND e.ends_at >= {ts} AND e.status <> 'DRAFT' "
    "AND (r.status IN ('CONFIRMED', 'CHECKED_IN', 'COMPLETED') "
    "OR (r.status = 'CANCELLED' AND r.confirmed_at IS NOT NULL)) "
    "ORDER BY e.starts_at, r.id LIMIT ?"
)
_CIRCLE_ROWS = (
    "SELECT id, title, description, status, time_zone, starts_at, ends_at, meeting_city, "
    "sequence, updated_at FROM events WHERE circle_id = ? AND ends_at >= {ts} "
    "AND status IN ('PUBLISHED', 'CANCELLED', 'COMPLETED') AND published_at IS NOT NULL "
    "ORDER BY starts_at, id LIMIT ?"
)


async def member_calendar(token: str, *, now: datetime | None = None) -> bytes:
    """The private feed behind ``token``: every event the member holds (or held) a seat for,
    a seat they gave up shown cancelled."""
    now = now or clock.now()
    member_id = await member_of_token(token)
    rows = await Sql().rows(_MEMBER_ROWS, member_id, now - KEEP_PAST, FEED_LIMIT * 2)
    chosen: dict[int, dict[str, Any]] = {}
    for row in rows:  # a seat held beats an earlier cancelled registration of the same event
        held = row["registration_status"] in _SEATED
        if row["id"] not in chosen or held:
            chosen[int(row["id"])] = row
    events = []
    for row in list(chosen.values())[:FEED_LIMIT]:
        gave_up = row["registration_status"] not in _SEATED
        cancelled = gave_up or row["status"] == "CANCELLED"
        events.append(_vevent(row, cancelled=cancelled, extra_sequence=int(gave_up)))
    return _calendar("我的越野活动 My Convoy events", events, now)


async def circle_calendar(slug: str, *, now: datetime | None = None) -> bytes:
    """The public feed of a circle's published events (NOT_FOUND for INVITE circles, whose
    events are for their members)."""
    now = now or clock.now()
    circle = await Circle.get_or_none(slug=slug)
    if circle is None or circle.join_policy == JoinPolicy.INVITE:
        raise NotFound(field="slug")
    rows = await Sql().rows(_CIRCLE_ROWS, circle.id, now - KEEP_PAST, FEED_LIMIT)
    events = [_vevent(row, cancelled=row["status"] == "CANCELLED") for row in rows]
    return _calendar(circle.name, events, now)


def _vevent(row: dict[str, Any], *, cancelled: bool, extra_sequence: int = 0) -> VEvent:
    zone = ZoneInfo(str(row["time_zone"]))
    changed = as_datetime(row.get("registration_updated_at") or row["updated_at"])
    changed = max(changed, as_datetime(row["updated_at"]))
    event = VEvent()
    event.add("uid", f"event-{row['id']}@convoy")
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("dtstart", as_datetime(row["starts_at"]).astimezone(zone))
    event.add("dtend", as_datetime(row["ends_at"]).astimezone(zone))
    event.add("summary", row["title"])
    if row["description"]:
        event.add("description", str(row["description"])[:4000])
    event.add("location", row["meeting_city"])
    event.add("sequence", int(row["sequence"]) + extra_sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _calendar(name: str, events: list[VEvent], now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    zones = sorted({str(event["dtstart"].params["TZID"]) for event in events})
    for zone in zones:
        calendar.add_component(vtimezone(zone, (now - KEEP_PAST).year - 1))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def member_feed_url(token: str) -> str:
    return f"{runtime.settings().public_base_url.rstrip('/')}/calendar/members/{token}.ics"


def circle_feed_url(slug: str) -> str:
    return f"{runtime.settings().public_base_url.rstrip('/')}/calendar/circles/{slug}.ics"


async def my_feed_url(*, actor: Actor) -> str:
    """The actor's private feed URL (keep it secret: whoever has it reads the feed)."""
    return member_feed_url(await my_feed_token(actor=actor))


async def rotate_feed_url(*, actor: Actor) -> str:
    """Rotate the token and return the new private URL."""
    return member_feed_url(await rotate_feed_token(actor=actor))
