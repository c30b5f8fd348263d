"""Who may run an event: its circle's owners and moderators, members designated on the event
(``EventOrganizer``) and staff admins. Other event code (check-in, crew, rosters) asks here.

Who may see one: a DRAFT is its organizers' only; an event of an INVITE circle is seen by the
circle's ACTIVE members and the event's organizers (like the circle's posts, see
``services.circles.access.can_read``); everything else by everyone."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q, Subquery

from models.accounts import StaffRole
from models.circles import Circle, JoinPolicy, Membership, MembershipRole, MembershipStatus
from models.events import Event, EventOrganizer, EventStatus, OrganizerRole
from services.core.actors import Actor
from services.core.sql import Sql
from services.errors import Forbidden, NotFound

#: Organizer rows that may edit and run the event (CREW only answers assistance requests).
RUNNING = (OrganizerRole.ORGANIZER, OrganizerRole.CO_ORGANIZER)


def is_admin(actor: Actor) -> bool:
    return StaffRole.ADMIN.value in actor.roles


async def moderates_circle(
    circle_id: int, member_id: int, *, using: BaseDBAsyncClient | None = None
) -> bool:
    """Whether the member is an ACTIVE owner or moderator of the circle."""
    return await (
        Membership.filter(
            circle_id=circle_id,
            member_id=member_id,
            status=MembershipStatus.ACTIVE,
            role__in=[MembershipRole.OWNER, MembershipRole.MODERATOR],
        )
        .using_db(using)
        .exists()
    )


async def is_organizer(
    actor: Actor, event: Event, *, crew: bool = False, using: BaseDBAsyncClient | None = None
) -> bool:
    """Whether ``actor`` may run ``event``; with ``crew`` CREW rows count too."""
    if is_admin(actor):
        return True
    roles = [*RUNNING, OrganizerRole.CREW] if crew else list(RUNNING)
    designated = EventOrganizer.filter(event_id=event.id, member_id=actor.id, role__in=roles)
    if await designated.using_db(using).exists():
        return True
    return await moderates_circle(event.circle_id, actor.id, using=using)


async def may_see(actor: Actor | None, event: Event) -> bool:
    """Whether ``actor`` (None: anonymous) may see ``event`` at all."""
    return event.id in await visible(actor, [event])


async def visible(actor: Actor | None, events: Sequence[Event]) -> set[int]:
    """The ids of ``events`` that ``actor`` may see (see the module's rule), in a number of
    queries that does not grow with theirs: which circles are INVITE ones, then, if any event
    is a draft or in one, the actor's memberships and organizer rights."""
    if actor is not None and is_admin(actor):
        return {event.id for event in events}
    drafts = {event.id for event in events if event.status == EventStatus.DRAFT}
    circle_ids = {event.circle_id for event in events if event.id not in drafts}
    closed: set[int] = set()
    if circle_ids:
        invite: list[Any] = await Circle.filter(
            id__in=circle_ids, join_policy=JoinPolicy.INVITE
        ).values_list("id", flat=True)
        closed = {int(circle_id) for circle_id in invite}
    guarded = {event.id for event in events if event.id in drafts or event.circle_id in closed}
    if not guarded or actor is None:
        return {event.id for event in events if event.id not in guarded}
    member_of: set[int] = set()
    if closed:
        joined: list[Any] = await Membership.filter(
            member_id=actor.id, circle_id__in=closed, status=MembershipStatus.ACTIVE
        ).values_list("circle_id", flat=True)
        member_of = {int(circle_id) for circle_id in joined}
    admitted = {
        event.id
        for event in events
        if event.id in guarded and event.id not in drafts and event.circle_id in member_of
    }
    running = await standings(actor, guarded - admitted)
    for event in events:  # organizers see drafts; their crew, too, the events of INVITE circles
        if event.id in guarded and allows(running.get(event.id), crew=event.id not in drafts):
            admitted.add(event.id)
    return {event.id for event in events if event.id not in guarded or event.id in admitted}


def visible_to(actor: Actor | None) -> Q:
    """The listed events ``actor`` may see, as a filter (drafts are never listed): events of
    INVITE circles for their ACTIVE members and the event's organizers and crew (the circle's
    owners and moderators are members), everything for staff admins."""
    if actor is None:
        return open_or_joined(None)
    if is_admin(actor):
        return Q()
    organized = EventOrganizer.filter(member_id=actor.id)
    return open_or_joined(actor.id) | Q(id__in=Subquery(organized.values("event_id")))


def open_or_joined(member_id: int | None) -> Q:
    """Events of circles that are not INVITE ones, or that the member is ACTIVE in."""
    open_circles = Q(circle__join_policy__not=JoinPolicy.INVITE)
    if member_id is None:
        return open_circles
    joined = Membership.filter(member_id=member_id, status=MembershipStatus.ACTIVE)
    return open_circles | Q(circle_id__in=Subquery(joined.values("circle_id")))


class Standing(StrEnum):
    """What a member may do on an event: RUN it (the rights of ``is_organizer``) or CREW it
    (the rights of ``is_organizer(..., crew=True)`` only)."""

    RUN = "RUN"
    CREW = "CREW"


def allows(standing: Standing | None, *, crew: bool = False) -> bool:
    """Whether ``standing`` gives the rights ``is_organizer`` checks (with ``crew`` alike)."""
    return standing == Standing.RUN or (crew and standing == Standing.CREW)


async def standings(actor: Actor, event_ids: Iterable[int]) -> dict[int, Standing]:
    """``is_organizer`` for many events at once (lists of events): two queries whatever their
    number, none for staff admins. Events the actor has no rights on are left out."""
    wanted = sorted({int(event_id) for event_id in event_ids})
    if is_admin(actor):
        return dict.fromkeys(wanted, Standing.RUN)
    if not wanted:
        return {}
    found: dict[int, Standing] = {}
    rows = await EventOrganizer.filter(event_id__in=wanted, member_id=actor.id).values_list(
        "event_id", "role"
    )
    for event_id, role in rows:
        found[int(event_id)] = Standing.RUN if role in RUNNING else Standing.CREW
    db = Sql()
    moderated = await db.rows(
        "SELECT e.id FROM events e JOIN circle_memberships m ON m.circle_id = e.circle_id "
        "WHERE e.id IN {ids} AND m.member_id = ? AND m.status = ? AND m.role IN (?, ?)",
        db.ids(wanted),
        actor.id,
        MembershipStatus.ACTIVE.value,
        MembershipRole.OWNER.value,
        MembershipRole.MODERATOR.value,
    )
    for row in moderated:
        found[int(row["id"])] = Standing.RUN
    return found


async def require_organizer(
    actor: Actor,
    event: Event,
    *,
    crew: bool = False,
    field: str = "event_id",
    using: BaseDBAsyncClient | None = None,
) -> None:
    """FORBIDDEN unless ``actor`` is the event's circle owner or moderator, one of its
    ORGANIZER / CO_ORGANIZER rows (CREW too with ``crew=True``) or a staff admin; NOT_FOUND
    (naming ``field``) when ``actor`` may not even see the event (a draft, an event of an
    INVITE circle), so the answer is the one a missing event gets."""
    if await is_organizer(actor, event, crew=crew, using=using):
        return
    if not await may_see(actor, event):
        raise NotFound(field=field)
    raise Forbidden(message_key="event.organizers_only")


async def require_circle_organizer(
    circle_id: int, actor: Actor, *, using: BaseDBAsyncClient | None = None
) -> None:
    """Creating an event in a circle: its owners and moderators, or a staff admin."""
    if is_admin(actor) or await moderates_circle(circle_id, actor.id, using=using):
        return
    raise Forbidden(message_key="event.organizers_only")


async def get_event(
    event_id: int, *, field: str = "event_id", using: BaseDBAsyncClient | None = None
) -> Event:
    """The event, or NOT_FOUND naming ``field`` (the caller's parameter holding its id)."""
    event = await Event.filter(id=event_id).using_db(using).first()
    if event is None:
        raise NotFound(field=field)
    return event
