"""Lists of events and registrations as keyset pages: the public event list, the events the
viewer can join now, the viewer's registrations and an event's registrations for its
organizers. Each runs a number of queries that does not grow with the page size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import Q, Subquery

from models.events import Event, EventStatus, Registration, RegistrationStatus
from services.core import clock
from services.core.actors import Actor
from services.core.rows import columns
from services.core.sql import Sql, as_datetime
from services.errors import InvalidInput
from services.events.access import is_organizer, open_or_joined, visible_to
from services.events.requirements import unmet_requirements
from services.pagination import (
    Page,
    PageArgs,
    _page_size,
    decode_cursor,
    encode_cursor,
    keyset_page,
    keyset_rows,
)

#: Events are listed by start, then id (the tie-breaker that makes the cursor unique).
EVENT_ORDER = ["starts_at", "id"]
#: Candidates examined per query while filling a page of joinable events, and the most
#: queries spent on one page before returning it short (``hasNextPage`` stays true).
JOINABLE_BATCH = 200
JOINABLE_ROUNDS = 5


@dataclass(frozen=True)
class EventFilter:
    circle_id: int | None = None
    city: str | None = None
    starts_after: datetime | None = None
    starts_before: datetime | None = None
    min_difficulty: int | None = None
    max_difficulty: int | None = None
    status: EventStatus | None = None


async def list_events(
    *, actor: Actor | None, event_filter: EventFilter, args: PageArgs
) -> Page[Event]:
    """Events matching every given condition that ``actor`` may see, soonest first. Drafts
    are never listed: they belong to their organizers until published."""
    query = Event.exclude(status=EventStatus.DRAFT).filter(visible_to(actor))
    f = event_filter
    for name, bound in (("min_difficulty", f.min_difficulty), ("max_difficulty", f.max_difficulty)):
        if bound is not None and not 1 <= bound <= 5:
            raise InvalidInput(field=("event_filter", name), message_key="route.difficulty")
    if f.status is not None:
        query = query.filter(status=f.status)
    if f.circle_id is not None:
        query = query.filter(circle_id=f.circle_id)
    if f.city:
        query = query.filter(meeting_city=f.city.strip())
    if f.starts_after is not None:
        query = query.filter(starts_at__gte=f.starts_after)
    if f.starts_before is not None:
        query = query.filter(starts_at__lt=f.starts_before)
    if f.min_difficulty is not None:
        query = query.filter(route__difficulty__gte=f.min_difficulty)
    if f.max_difficulty is not None:
        query = query.filter(route__difficulty__lte=f.max_difficulty)
    if args.last is not None or args.before is not None:
        raise InvalidInput(field=("args", "last"), message_key="first.range")
    size, _ = _page_size(args)
    if args.after:
        query = query.filter(_after(decode_cursor(args.after, 2)))
    rows = list(await query.order_by(*EVENT_ORDER).limit(size + 1)) if size else []
    return _event_page(rows[:size], more=len(rows) > size, args=args)


def _event_page(items: list[Event], *, more: bool, args: PageArgs) -> Page[Event]:
    return Page(
        items=items,
        cursors=[encode_cursor([event.starts_at.isoformat(), event.id]) for event in items],
        has_next_page=more,
        has_previous_page=args.after is not None,
    )


async def joinable_events(
    *, member_id: int, args: PageArgs, now: datetime | None = None
) -> Page[Event]:
    """PUBLISHED upcoming events of circles open to the member (not INVITE ones they are not
    in) whose sign-up is open to them now (their tier's
    priority window included), that they meet every requirement of with one of their
    vehicles, and that they are not registered for, soonest first. Requirements are checked
    for a batch of candidates at a time through ``unmet_requirements``."""
    now = now or clock.now()
    if args.last is not None or args.before is not None:
        raise InvalidInput(field=("args", "last"), message_key="first.range")
    size, _ = _page_size(args)
    mine = Registration.filter(member_id=member_id).exclude(status=RegistrationStatus.CANCELLED)
    candidates = (
        Event.filter(status=EventStatus.PUBLISHED, starts_at__gt=now, signup_closes_at__gt=now)
        .filter(open_or_joined(member_id))
        .exclude(id__in=Subquery(mine.values("event_id")))
    )
    after = decode_cursor(args.after, 2) if args.after else None
    chosen: list[Event] = []
    exhausted = False
    for _ in range(JOINABLE_ROUNDS):
        page = candidates if after is None else candidates.filter(_after(after))
        batch = list(await page.order_by(*EVENT_ORDER).limit(JOINABLE_BATCH))
        exhausted = len(batch) < JOINABLE_BATCH
        unmet = await unmet_requirements(member_id, batch, now=now)
        chosen += [event for event in batch if not unmet.get(event.id)]
        if batch:
            after = [batch[-1].starts_at.isoformat(), batch[-1].id]
        if len(chosen) > size or exhausted or not size:
            break
    return _event_page(chosen[:size], more=len(chosen) > size or not exhausted, args=args)


def _after(values: list[Any]) -> Q:
    starts = as_datetime(values[0])
    return Q(starts_at__gt=starts) | Q(starts_at=starts, id__gt=int(values[1]))


async def member_registrations(
    *, member_id: int, status: RegistrationStatus | None = None, args: PageArgs
) -> Page[Registration]:
    """The member's registrations, newest first."""
    query = Registration.filter(member_id=member_id)
    if status is not None:
        query = query.filter(status=status)
    return await keyset_page(query, order=["-id"], args=args)


async def member_registration_rows(
    *, member_id: int, status: RegistrationStatus | None = None, args: PageArgs
) -> Page[dict[str, Any]]:
    """``member_registrations`` as plain rows (one statement): each registration's columns,
    its event's prefixed ``event__``; the same pages and cursors."""
    where, params = "WHERE r.member_id = ?", [member_id]
    if status is not None:
        where, params = f"{where} AND r.status = ?", [member_id, getattr(status, "value", status)]
    return await keyset_rows(
        Sql(),
        f"SELECT {columns(Registration, 'r')}, {columns(Event, 'e', 'event__')} "
        f"FROM event_registrations r JOIN events e ON e.id = r.event_id {where}",
        params,
        order=[("-id", "r.id")],
        args=args,
    )


async def event_registrations(
    *, actor: Actor, event_id: int, status: RegistrationStatus | None = None, args: PageArgs
) -> Page[Registration] | None:
    """The event's registrations in sign-up order for its organizers and crew; None for anyone
    else (and for an event that does not exist)."""
    event = await Event.get_or_none(id=event_id)
    if event is None or not await is_organizer(actor, event, crew=True):
        return None
    query = Registration.filter(event_id=event.id)
    if status is not None:
        query = query.filter(status=status)
    return await keyset_page(query, order=["id"], args=args)
