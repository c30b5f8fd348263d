"""An event's life: created as a DRAFT by a circle's owner or moderator (or a staff admin,
who becomes its ORGANIZER), edited, PUBLISHED, CANCELLED with every fee hold released, and the
organizers and crew designated on it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models.events import Event, EventOrganizer, EventStatus, OrganizerRole
from models.loyalty import HoldStatus, PointsHold
from models.members import Member
from services.core import clock
from services.core.actors import Actor
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode, InvalidInput, NotFound
from services.events import seats
from services.events.access import (
    get_event,
    require_circle_organizer,
    require_organizer,
)
from services.events.live import publish_events
from services.events.validation import SPEC_FIELDS, check_spec
from services.events.waitlist import offer_seats
from services.loyalty import ledger
from services.notifications import notify, notify_many, publish_notifications

CHANGED = "EVENT_CHANGED"
CANCELLED = "EVENT_CANCELLED"
#: Edits registrants are told about.
NOTIFIED_CHANGES = ("starts_at", "ends_at", "meeting_city", "route_id")
#: Registrations still taking part (a cancelled or finished event notifies these).
ACTIVE = ("CONFIRMED", "WAITLISTED", "OFFERED", "CHECKED_IN")
REASON_MAX = 500


async def create_event(*, actor: Actor, circle_id: int, **values: Any) -> Event:
    """A DRAFT event in the circle, with the actor as its ORGANIZER. FORBIDDEN unless the
    actor owns or moderates the circle (or is a staff admin); INVALID_INPUT / NOT_FOUND from
    ``validation.check_spec``."""
    await require_circle_organizer(circle_id, actor)
    values.setdefault("time_zone", "Asia/Shanghai")
    values.setdefault("offer_window_hours", 48)
    values.setdefault("checkin_opens_hours_before", 2)
    values.setdefault("fee_points", 0)
    spec = await check_spec(values)
    async with in_transaction():
        event = await Event.create(
            circle_id=circle_id, created_by_id=actor.id, status=EventStatus.DRAFT, **spec.values()
        )
        await EventOrganizer.create(event=event, member_id=actor.id, role=OrganizerRole.ORGANIZER)
    return event


async def update_event(
    *, actor: Actor, event_id: int, now: datetime | None = None, **changes: Any
) -> Event:
    """Change fields of a DRAFT or PUBLISHED event (``None`` values are left as they are,
    except the requirement fields given in ``clear``). The capacity may not drop below the
    seats taken and the fee is fixed once anyone signed up (INVALID_INPUT). A higher capacity
    offers the new seats to the waitlist. Registrants of a published event are told, once each,
    when its time, meeting city or route changed."""
    now = now or clock.now()
    event = await get_event(event_id)
    await require_organizer(actor, event)
    cleared = set(changes.pop("clear", None) or [])
    merged = {name: getattr(event, name) for name in SPEC_FIELDS}
    merged.update({k: v for k, v in changes.items() if v is not None and k in SPEC_FIELDS})
    for name in cleared & {"min_tier", "required_drivetrain", "inspection_within_days"}:
        merged[name] = None
    if "required_badges" in cleared:
        merged["required_badges"] = []
    spec = await check_spec(merged)
    moved = [name for name in NOTIFIED_CHANGES if getattr(spec, name) != getattr(event, name)]
    notices: list[Any] = []
    async with in_transaction() as conn:
        db = Sql(conn)
        await seats.lock(db, event_id)
        guard = Q(id=event_id, status__in=[EventStatus.DRAFT, EventStatus.PUBLISHED])
        guard &= Q(seats_taken__lte=spec.capacity)
        if spec.fee_points != event.fee_points:
            guard &= Q(seats_taken=0, waitlist_length=0)
        if not await Event.filter(guard).using_db(conn).update(**spec.values()):
            raise await _not_editable(event_id, spec.capacity, spec.fee_points)
        notices += await offer_seats(db, event_id, now)
        if moved and event.status == EventStatus.PUBLISHED:
            notices += await notify_many(
                await _registrants(db, event_id), CHANGED,
                {"eventId": event_id, "title": spec.title, "changed": moved}, using=conn,
            )  # fmt: skip
    await publish_notifications(notices)
    await publish_events([event_id])
    return await Event.get(id=event_id)


async def publish_event(*, actor: Actor, event_id: int, now: datetime | None = None) -> Event:
    """DRAFT -> PUBLISHED. ALREADY_DONE when published, EVENT_NOT_OPEN when cancelled or
    over, INVALID_INPUT when it starts or closes sign-up in the past."""
    now = now or clock.now()
    event = await get_event(event_id)
    await require_organizer(actor, event)
    if event.signup_closes_at <= now:
        raise InvalidInput(field="event_id", message_key="event.in_past")
    if not await Event.filter(id=event_id, status=EventStatus.DRAFT).update(
        status=EventStatus.PUBLISHED, published_at=now
    ):
        current = await Event.get(id=event_id)
        if current.status == EventStatus.PUBLISHED:
            raise DomainError(ErrorCode.ALREADY_DONE, field="event_id")
        raise DomainError(ErrorCode.EVENT_NOT_OPEN, field="event_id")
    await publish_events([event_id])
    return await Event.get(id=event_id)


async def cancel_event(
    *, actor: Actor, event_id: int, reason: str = "", now: datetime | None = None
) -> Event:
    """Cancel a DRAFT or PUBLISHED event: every active registration is cancelled, every fee
    still held is released and every registrant is notified, in one transaction.
    ALREADY_DONE when cancelled already, EVENT_NOT_OPEN when completed."""
    now = now or clock.now()
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise InvalidInput(field="reason", message_key="event.reason")
    event = await get_event(event_id)
    await require_organizer(actor, event)
    async with in_transaction() as conn:
        db = Sql(conn)
        await seats.lock(db, event_id)
        if not await db.run(
            "UPDATE events SET status = 'CANCELLED', cancelled_at = {ts}, cancel_reason = ?, "
            "seats_taken = 0, waitlist_length = 0, updated_at = {ts} "
            "WHERE id = ? AND status IN ('DRAFT', 'PUBLISHED')",
            now, reason, now, event_id,
        ):  # fmt: skip
            raise await _not_cancellable(event_id)
        dropped = await db.rows(
            "UPDATE event_registrations SET status = 'CANCELLED', waitlist_seq = NULL, "
            "offer_expires_at = NULL, cancelled_at = {ts}, updated_at = {ts} "
            f"WHERE event_id = ? AND status IN {_in(ACTIVE)} RETURNING member_id, fee_hold_key",
            now, now, event_id,
        )  # fmt: skip
        await _release_holds(db, [row["fee_hold_key"] for row in dropped], now)
        notices = await notify_many(
            [int(row["member_id"]) for row in dropped], CANCELLED,
            {"eventId": event_id, "title": event.title, "reason": reason},
            dedupe_prefix=f"event-cancelled:{event_id}", using=conn,
        )  # fmt: skip
    await publish_notifications(notices)
    await publish_events([event_id])
    return await Event.get(id=event_id)


async def set_organizer(
    *, actor: Actor, event_id: int, member_id: int, role: OrganizerRole
) -> EventOrganizer:
    """Designate a member as ORGANIZER, CO_ORGANIZER or CREW of the event (changing the role
    of one already designated)."""
    event = await get_event(event_id)
    await require_organizer(actor, event)
    if not await Member.filter(id=member_id, deleted_at=None).exists():
        raise NotFound(field="member_id")
    async with in_transaction() as conn:
        row, created = await EventOrganizer.get_or_create(
            event_id=event_id, member_id=member_id, defaults={"role": role}, using_db=conn
        )
        if not created and row.role != role:
            row.role = role
            await row.save(update_fields=["role"], using_db=conn)
        if created:
            await notify(member_id, "EVENT_ORGANIZER_ADDED",
                         {"eventId": event_id, "title": event.title, "role": role.value},
                         using=conn)  # fmt: skip
    return row


async def remove_organizer(*, actor: Actor, event_id: int, member_id: int) -> None:
    """Take a member off the event's organizers and crew (NOT_FOUND when not on it)."""
    event = await get_event(event_id)
    await require_organizer(actor, event)
    if not await EventOrganizer.filter(event_id=event_id, member_id=member_id).delete():
        raise NotFound(field="member_id")


async def _registrants(db: Sql, event_id: int) -> list[int]:
    rows = await db.rows(
        f"SELECT member_id FROM event_registrations WHERE event_id = ? AND status IN {_in(ACTIVE)}",
        event_id,
    )
    return [int(row["member_id"]) for row in rows]


async def _release_holds(db: Sql, keys: list[str | None], now: datetime) -> None:
    """Release the fee holds still HELD (a fee captured at check-in stays captured)."""
    wanted = [key for key in keys if key]
    if not wanted:
        return
    held = (
        await PointsHold.filter(idempotency_key__in=wanted, status=HoldStatus.HELD)
        .using_db(db.conn)
        .values_list("idempotency_key", flat=True)
    )
    for key in held:
        await ledger.release(str(key), now=now)


async def _not_editable(event_id: int, capacity: int, fee: int) -> DomainError:
    current = await Event.get(id=event_id)
    if current.status not in (EventStatus.DRAFT, EventStatus.PUBLISHED):
        return DomainError(ErrorCode.EVENT_NOT_OPEN, field="event_id")
    if current.seats_taken > capacity:
        return InvalidInput(field="capacity", message_key="event.capacity_below_seats",
                            seats=current.seats_taken)  # fmt: skip
    return InvalidInput(field="fee_points", message_key="event.fee_locked")


async def _not_cancellable(event_id: int) -> DomainError:
    current = await Event.get(id=event_id)
    if current.status == EventStatus.CANCELLED:
        return DomainError(ErrorCode.ALREADY_DONE, field="event_id")
    return DomainError(ErrorCode.EVENT_NOT_OPEN, field="event_id")


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"
