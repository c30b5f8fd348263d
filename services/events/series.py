"""Recurring series: an organizer defines the rule and a template once, the
``events.expand_series`` job creates the occurrences ahead of time (``horizon_days``), and
edits apply to one occurrence, to this and the following ones, or to all upcoming ones.

Creating an occurrence is ``INSERT … ON CONFLICT (series_id, series_date) DO NOTHING``: two
schedulers expanding at once, or a rerun, create each date once, and a cancelled occurrence is
never created again. Edits of occurrences go through ``events.update_event``, so they keep its
rules (no capacity under the seats taken, no fee change once anyone signed up) and every
registrant of a changed occurrence is told what changed; an occurrence such a rule refuses is
reported as skipped, never changed half-way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models.event_series import EventSeries, SeriesFollow, SeriesStatus
from models.events import Event, EventStatus
from services.core import clock
from services.core.actors import Actor
from services.core.sql import Sql
from services.errors import DomainError, Forbidden, InvalidInput, NotFound
from services.events import events as event_service
from services.events.access import (
    is_admin,
    moderates_circle,
    open_or_joined,
    require_circle_organizer,
)
from services.events.recurrence import Recurrence, check_rule, check_time, start_instant
from services.events.validation import SPEC_FIELDS, check_spec, check_zone
from services.notifications import notify_many, publish_notifications

OCCURRENCE_OPEN = "EVENT_SERIES_OCCURRENCE_OPEN"
MAX_HORIZON_DAYS = 366
MAX_DURATION_MINUTES = 7 * 24 * 60
MAX_LEAD_HOURS = 90 * 24
#: Check-in of an occurrence opens this many hours before its start (the events' default).
CHECKIN_OPENS_HOURS = 2
#: Occurrences one run creates per series at most (the next run goes on).
BATCH = 100
#: Template fields an edit may change, besides the time of day and the duration.
TEMPLATE_FIELDS = ("title", "description", "meeting_city", "capacity", "route_id", "fee_points")


class EditScope(StrEnum):
    ONE = "ONE"
    THIS_AND_FOLLOWING = "THIS_AND_FOLLOWING"
    ALL = "ALL"


def recurrence_of(series: EventSeries) -> Recurrence:
    return Recurrence(
        series.rule, series.starts_on, series.count, series.until,
        tuple(date.fromisoformat(day) for day in series.exceptions or []),
    )  # fmt: skip


def occurrence_times(series: EventSeries, day: date) -> dict[str, datetime]:
    """The instants of the occurrence on local ``day``."""
    starts = start_instant(day, series.start_time, series.time_zone)
    return {
        "starts_at": starts,
        "ends_at": starts + timedelta(minutes=series.duration_minutes),
        "signup_opens_at": starts - timedelta(hours=series.signup_opens_hours),
        "signup_closes_at": starts - timedelta(hours=series.signup_closes_hours),
        "cancel_deadline": starts - timedelta(hours=series.cancel_deadline_hours),
    }


async def create_series(
    *, actor: Actor, circle_id: int, route_id: int, rule: str, starts_on: date,
    start_time: str, duration_minutes: int, count: int | None = None, until: date | None = None,
    exceptions: list[str] | None = None, horizon_days: int = 60, signup_opens_hours: int = 336,
    signup_closes_hours: int = 2, cancel_deadline_hours: int = 24, auto_publish: bool = True,
    title: str, description: str = "", time_zone: str = "Asia/Shanghai", meeting_city: str,
    capacity: int, fee_points: int = 0, offer_window_hours: int = 48,
    now: datetime | None = None,
) -> EventSeries:  # fmt: skip
    """A series in a circle the actor owns or moderates (FORBIDDEN otherwise), with its first
    occurrences created at once. INVALID_INPUT for a bad rule, bound, time, lead time or
    template field (checked as ``events.create_event`` checks an event)."""
    now = now or clock.now()
    await require_circle_organizer(circle_id, actor)
    recurrence = check_rule(
        rule, starts_on=starts_on, count=count, until=until, exceptions=exceptions or []
    )
    check_time(start_time)
    check_zone(time_zone)
    _check_range("duration_minutes", duration_minutes, 1, MAX_DURATION_MINUTES)
    _check_range("horizon_days", horizon_days, 1, MAX_HORIZON_DAYS)
    for name, hours in (("signup_opens_hours", signup_opens_hours),
                        ("signup_closes_hours", signup_closes_hours),
                        ("cancel_deadline_hours", cancel_deadline_hours)):  # fmt: skip
        _check_range(name, hours, 0, MAX_LEAD_HOURS)
    series = EventSeries(
        circle_id=circle_id, route_id=route_id, created_by_id=actor.id, rule=recurrence.rule,
        starts_on=starts_on, start_time=start_time, duration_minutes=duration_minutes,
        count=count, until=until, exceptions=[d.isoformat() for d in recurrence.exceptions],
        horizon_days=horizon_days, signup_opens_hours=signup_opens_hours,
        signup_closes_hours=signup_closes_hours, cancel_deadline_hours=cancel_deadline_hours,
        auto_publish=auto_publish, title=title, description=description, time_zone=time_zone,
        meeting_city=meeting_city, capacity=capacity, fee_points=fee_points,
        offer_window_hours=offer_window_hours,
    )  # fmt: skip
    spec = await _template_spec(series, starts_on)
    for name in ("title", "description", "meeting_city"):
        setattr(series, name, getattr(spec, name))
    await series.save()
    await expand_series(now=now, series_ids=[series.id])
    return await EventSeries.get(id=series.id)


async def _template_spec(series: EventSeries, day: date) -> Any:
    """The template checked as an event on ``day`` would be (INVALID_INPUT / NOT_FOUND)."""
    values: dict[str, Any] = {name: getattr(series, name, None) for name in SPEC_FIELDS}
    values.update(
        occurrence_times(series, day), required_badges=[],
        checkin_opens_hours_before=CHECKIN_OPENS_HOURS,
    )  # fmt: skip
    return await check_spec(values)


def _check_range(name: str, value: int, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(field=name, message_key="series.range", low=low, high=high)


async def require_series_organizer(actor: Actor, series: EventSeries) -> None:
    """FORBIDDEN unless the actor created the series, owns or moderates its circle, or is a
    staff admin."""
    if is_admin(actor) or series.created_by_id == actor.id:
        return
    if not await moderates_circle(series.circle_id, actor.id):
        raise Forbidden(message_key="event.organizers_only")


async def get_series(series_id: int, *, field: str = "series_id") -> EventSeries:
    found = await EventSeries.get_or_none(id=series_id)
    if found is None:
        raise NotFound(field=field)
    return found


_INSERT_COLUMNS = (
    "circle_id", "route_id", "title", "description", "status", "time_zone", "starts_at",
    "ends_at", "meeting_city", "capacity", "seats_taken", "waitlist_length", "waitlist_seq",
    "signup_opens_at", "signup_closes_at", "cancel_deadline", "fee_points", "offer_window_hours",
    "required_badges", "created_by_id", "published_at", "cancel_reason", "series_id",
    "series_date", "sequence", "seat_watch_allowed", "checkin_opens_hours_before", "created_at",
    "updated_at",
)  # fmt: skip
_TIMESTAMPS = {"starts_at", "ends_at", "signup_opens_at", "signup_closes_at", "cancel_deadline",
               "published_at", "created_at", "updated_at"}  # fmt: skip


def _row(series: EventSeries, day: date, now: datetime) -> list[Any]:
    times = occurrence_times(series, day)
    published = series.auto_publish
    values = {
        "circle_id": series.circle_id, "route_id": series.route_id, "title": series.title,
        "description": series.description,
        "status": EventStatus.PUBLISHED.value if published else EventStatus.DRAFT.value,
        "time_zone": series.time_zone, **times, "meeting_city": series.meeting_city,
        "capacity": series.capacity, "seats_taken": 0, "waitlist_length": 0, "waitlist_seq": 0,
        "fee_points": series.fee_points, "offer_window_hours": series.offer_window_hours,
        "required_badges": "[]", "created_by_id": series.created_by_id,
        "published_at": now if published else None, "cancel_reason": "",
        "series_id": series.id, "series_date": day.isoformat(), "sequence": 0,
        "seat_watch_allowed": False, "checkin_opens_hours_before": CHECKIN_OPENS_HOURS,
        "created_at": now, "updated_at": now,
    }  # fmt: skip
    return [values[name] for name in _INSERT_COLUMNS]


def _insert_sql(rows: int) -> str:
    one = "(" + ", ".join(
        "{ts}" if name in _TIMESTAMPS else "{json}" if name == "required_badges" else "?"
        for name in _INSERT_COLUMNS
    ) + ")"  # fmt: skip
    return (
        f"INSERT INTO events ({', '.join(_INSERT_COLUMNS)}) VALUES "
        + ", ".join([one] * rows)
        + " ON CONFLICT (series_id, series_date) DO NOTHING RETURNING id"
    )


@dataclass
class Expanded:
    created: list[int] = field(default_factory=list)
    announced: list[int] = field(default_factory=list)
    ended: list[int] = field(default_factory=list)


async def expand_series(
    *, now: datetime | None = None, series_ids: list[int] | None = None
) -> dict[str, Any]:
    """Create every occurrence of the ACTIVE series (or of ``series_ids``) that starts within
    its horizon and whose sign-up has not closed, with the series' creator as ORGANIZER; end
    the series whose rule has nothing left; then tell followers of every occurrence whose
    sign-up opened. A second run, even a concurrent one, creates and tells nothing again."""
    now = now or clock.now()
    found = EventSeries.filter(status=SeriesStatus.ACTIVE)
    if series_ids is not None:
        found = found.filter(id__in=series_ids)
    result = Expanded()
    for series in await found.order_by("id"):
        await _expand_one(series, now, result)
    result.announced = await announce_open_occurrences(now=now)
    return {"created": len(result.created), "announced": len(result.announced),
            "ended": len(result.ended)}  # fmt: skip


async def _expand_one(series: EventSeries, now: datetime, result: Expanded) -> None:
    recurrence = recurrence_of(series)
    horizon = now + timedelta(days=series.horizon_days)
    zone = ZoneInfo(series.time_zone)
    wanted: list[date] = []
    for day in recurrence.dates(through=horizon.astimezone(zone).date() + timedelta(days=1)):
        times = occurrence_times(series, day)
        if times["signup_closes_at"] <= now or times["starts_at"] > horizon:
            continue
        wanted.append(day)
        if len(wanted) >= BATCH:
            break
    async with in_transaction() as conn:
        db = Sql(conn)
        created: list[int] = []
        for start in range(0, len(wanted), 20):
            chunk = wanted[start : start + 20]
            params = [value for day in chunk for value in _row(series, day, now)]
            rows = await db.rows(_insert_sql(len(chunk)), *params)
            created += [int(row["id"]) for row in rows]
        if created and series.created_by_id is not None:
            await db.rows(
                "INSERT INTO event_organizers (event_id, member_id, role, created_at) "
                "SELECT e.id, ?, 'ORGANIZER', {ts} FROM events e WHERE e.id IN {ids} "
                "ON CONFLICT (event_id, member_id) DO NOTHING RETURNING id",
                series.created_by_id, now, db.ids(created),
            )  # fmt: skip
        horizon_day = horizon.astimezone(zone).date()
        if len(wanted) < BATCH and not recurrence.any_after(horizon_day):
            await db.run(
                "UPDATE event_series SET status = 'ENDED', updated_at = {ts} "
                "WHERE id = ? AND status = 'ACTIVE'",
                now, series.id,
            )  # fmt: skip
            result.ended.append(series.id)
    result.created += created


async def announce_open_occurrences(*, now: datetime | None = None) -> list[int]:
    """Tell each series' followers once about every occurrence whose sign-up is open: the
    occurrence is claimed (``series_announced_at``) and its notices stored in one
    transaction, so a rerun or a concurrent run tells nobody twice."""
    now = now or clock.now()
    notices: list[Any] = []
    announced: list[int] = []
    async with in_transaction() as conn:
        db = Sql(conn)
        rows = await db.rows(
            "UPDATE events SET series_announced_at = {ts} WHERE id IN (SELECT id FROM events "
            "WHERE series_id IS NOT NULL AND series_announced_at IS NULL AND status = 'PUBLISHED' "
            "AND signup_opens_at <= {ts} AND signup_closes_at > {ts} LIMIT 500) "
            "RETURNING id, series_id, title, starts_at, time_zone",
            now, now, now,
        )  # fmt: skip
        for row in rows:
            followers = await db.rows(
                "SELECT member_id FROM event_series_follows WHERE series_id = ?", row["series_id"]
            )
            payload = {"eventId": int(row["id"]), "seriesId": int(row["series_id"]),
                       "title": row["title"], "startsAt": str(row["starts_at"])}  # fmt: skip
            notices += await notify_many(
                [int(f["member_id"]) for f in followers], OCCURRENCE_OPEN, payload,
                dedupe_prefix=f"series-open:{row['id']}", using=conn,
            )  # fmt: skip
            announced.append(int(row["id"]))
    await publish_notifications(notices)
    return announced


@dataclass(frozen=True)
class SeriesEdit:
    """What an edit did: the occurrences changed, and those a rule kept as they were."""

    series: EventSeries
    changed: list[Event]
    skipped: list[tuple[Event, DomainError]]


async def update_series(
    *, actor: Actor, series_id: int, scope: EditScope, event_id: int | None = None,
    start_time: str | None = None, duration_minutes: int | None = None,
    now: datetime | None = None, **template: Any,
) -> SeriesEdit:  # fmt: skip
    """Apply changes to the occurrence ``event_id`` alone (ONE), to it and every later one
    (THIS_AND_FOLLOWING) or to every upcoming one (ALL). THIS_AND_FOLLOWING and ALL also change
    the template, so occurrences created later follow. Occurrences that started, were
    cancelled or completed stay as they were. ``None`` values change nothing."""
    now = now or clock.now()
    series = await get_series(series_id)
    await require_series_organizer(actor, series)
    changes = {k: v for k, v in template.items() if k in TEMPLATE_FIELDS and v is not None}
    if start_time is not None:
        check_time(start_time)
    if duration_minutes is not None:
        _check_range("duration_minutes", duration_minutes, 1, MAX_DURATION_MINUTES)
    anchor: Event | None = None
    if scope != EditScope.ALL or event_id is not None:
        if event_id is None:
            raise InvalidInput(field="event_id", message_key="series.occurrence_required")
        anchor = await Event.get_or_none(id=event_id, series_id=series.id)
        if anchor is None:
            raise NotFound(field="event_id")
    if scope != EditScope.ONE:
        proposed = EventSeries(**{**_fields(series), **changes})
        if start_time is not None:
            proposed.start_time = start_time
        if duration_minutes is not None:
            proposed.duration_minutes = duration_minutes
        await _template_spec(proposed, series.starts_on)
        await EventSeries.filter(id=series.id).update(
            **changes,
            start_time=proposed.start_time,
            duration_minutes=proposed.duration_minutes,
        )
        series = await EventSeries.get(id=series.id)
    targets = await _targets(series, scope, anchor, now)
    changed: list[Event] = []
    skipped: list[tuple[Event, DomainError]] = []
    for event in targets:
        values = dict(changes)
        if start_time is not None or duration_minutes is not None:
            values.update(_moved_times(event, series, start_time, duration_minutes))
        try:
            changed.append(await event_service.update_event(
                actor=actor, event_id=event.id, now=now, announce=SPEC_FIELDS, **values
            ))  # fmt: skip
        except DomainError as error:
            skipped.append((event, error))
    return SeriesEdit(series, changed, skipped)


def _fields(series: EventSeries) -> dict[str, Any]:
    return {name: getattr(series, name) for name in series._meta.db_fields if name != "id"}


def _moved_times(
    event: Event, series: EventSeries, start_time: str | None, duration: int | None
) -> dict[str, datetime]:
    """The occurrence's times with a new time of day and/or duration; its lead times (sign-up
    window, cancel deadline) keep their distance to the start."""
    day = date.fromisoformat(event.series_date or "")
    starts = start_instant(day, start_time, event.time_zone) if start_time else event.starts_at
    shift = starts - event.starts_at
    length = timedelta(minutes=duration) if duration else event.ends_at - event.starts_at
    return {
        "starts_at": starts,
        "ends_at": starts + length,
        "signup_opens_at": event.signup_opens_at + shift,
        "signup_closes_at": event.signup_closes_at + shift,
        "cancel_deadline": event.cancel_deadline + shift,
    }


async def _targets(
    series: EventSeries, scope: EditScope, anchor: Event | None, now: datetime
) -> list[Event]:
    if scope == EditScope.ONE:
        assert anchor is not None
        return [anchor]
    upcoming = Event.filter(
        series_id=series.id,
        status__in=[EventStatus.DRAFT, EventStatus.PUBLISHED],
        starts_at__gt=now,
    )
    if scope == EditScope.THIS_AND_FOLLOWING:
        assert anchor is not None
        upcoming = upcoming.filter(series_date__gte=anchor.series_date)
    return await upcoming.order_by("starts_at")


async def follow_series(*, actor: Actor, series_id: int) -> EventSeries:
    """Follow a series to be told when each new occurrence opens for sign-up (idempotent).
    A series of an INVITE circle is NOT_FOUND to whoever is not an ACTIVE member of it."""
    series = await visible_series(actor, series_id)
    await SeriesFollow.get_or_create(series_id=series.id, member_id=actor.id)
    return series


async def unfollow_series(*, actor: Actor, series_id: int) -> EventSeries:
    """Stop following (idempotent)."""
    series = await visible_series(actor, series_id)
    await SeriesFollow.filter(series_id=series.id, member_id=actor.id).delete()
    return series


async def visible_series(actor: Actor | None, series_id: int) -> EventSeries:
    """The series, NOT_FOUND when the actor may not see its circle's events."""
    series = await get_series(series_id)
    if actor is not None and (is_admin(actor) or series.created_by_id == actor.id):
        return series
    member_id = actor.id if actor is not None else None
    if not await EventSeries.filter(Q(id=series.id) & open_or_joined(member_id)).exists():
        raise NotFound(field="series_id")
    return series
