"""Leaving an event and the waitlist that refills it: member cancellation, offers (accept,
decline, expiry) and the organizer's manual confirmation.

A freed seat is never returned to the pool while someone waits: it goes, still taken, to the
head of the waitlist as an OFFER open for the event's ``offer_window_hours``. Every flow here
locks the event row first (see ``seats``), so offers are handed out one at a time in waitlist
order whatever the concurrency, and the ``events.expire_offers`` job may run twice at once.
Fees follow ``signup``: held only with a seat; released when the member cancels before the
event's ``cancel_deadline`` and captured (kept) after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from models.events import Registration
from models.notifications import Notification
from services.core import clock
from services.core.actors import Actor
from services.core.sql import Sql, as_datetime
from services.errors import DomainError, ErrorCode, NotFound
from services.events import seats
from services.events.access import get_event, require_organizer
from services.events.live import publish_events
from services.events.signup import FEE_REASON, fee_key, fee_ref
from services.loyalty import ledger
from services.notifications import notify, publish_notifications

OFFERED = "EVENT_SEAT_OFFERED"
OFFER_EXPIRED = "EVENT_OFFER_EXPIRED"
CONFIRMED = "EVENT_REGISTRATION_CONFIRMED"


@dataclass
class _Effects:
    """What to announce once the transaction has committed."""

    notices: list[Notification | None]
    event_ids: set[int]

    async def publish(self) -> None:
        await publish_notifications(self.notices)
        await publish_events(self.event_ids)


async def own_registration(actor: Actor, registration_id: int) -> Registration:
    """The actor's registration, NOT_FOUND for anyone else's."""
    found = await Registration.get_or_none(id=registration_id)
    if found is None or found.member_id != actor.id:
        raise NotFound(field="registration_id")
    return found


async def cancel_registration(
    *, actor: Actor, registration_id: int, now: datetime | None = None
) -> Registration:
    """Cancel the actor's registration. A seated one frees its seat for the waitlist's head;
    its fee is released before the cancel deadline and captured after it. ALREADY_DONE when
    already cancelled, REGISTRATION_INACTIVE once checked in or over."""
    now = now or clock.now()
    registration = await own_registration(actor, registration_id)
    effects = _Effects([], {registration.event_id})
    async with in_transaction() as conn:
        db = Sql(conn)
        event = await seats.lock(db, registration.event_id)
        assert event is not None  # registrations restrict deleting their event
        if await db.run(
            "UPDATE event_registrations SET status = 'CANCELLED', waitlist_seq = NULL, "
            "cancelled_at = {ts}, updated_at = {ts} WHERE id = ? AND status = 'WAITLISTED'",
            now, now, registration_id,
        ):  # fmt: skip
            await seats.adjust(db, registration.event_id, waitlist=-1)
        else:
            freed = await db.rows(
                "UPDATE event_registrations SET status = 'CANCELLED', offer_expires_at = NULL, "
                "cancelled_at = {ts}, updated_at = {ts} "
                "WHERE id = ? AND status IN ('CONFIRMED', 'OFFERED') RETURNING fee_hold_key",
                now, now, registration_id,
            )  # fmt: skip
            if not freed:
                raise await _not_movable(db, registration_id)
            await _settle_fee(
                freed[0]["fee_hold_key"], keep=now >= as_datetime(event["cancel_deadline"]), now=now
            )
            effects.notices += await _free_seat(db, event, now)
    await effects.publish()
    return await Registration.get(id=registration_id)


async def accept_offer(
    *, actor: Actor, registration_id: int, now: datetime | None = None
) -> Registration:
    """Take up an offered seat: CONFIRMED, with the fee held. EXPIRED once the offer's time
    is up or the event has started, REGISTRATION_INACTIVE when nothing is offered. When the
    member cannot pay, the offer passes to the next in line (the registration is cancelled)
    and INSUFFICIENT_POINTS is raised after that change commits."""
    now = now or clock.now()
    registration = await own_registration(actor, registration_id)
    effects = _Effects([], {registration.event_id})
    failure: DomainError | None = None
    async with in_transaction() as conn:
        db = Sql(conn)
        event = await seats.lock(db, registration.event_id)
        assert event is not None
        fee = int(event["fee_points"])
        key = fee_key(registration_id) if fee > 0 else None
        if now >= as_datetime(event["starts_at"]):
            # Offers made before the start was capped may still say later: the start wins.
            raise await _not_movable(db, registration_id, offer=True)
        if not await db.run(
            "UPDATE event_registrations SET status = 'CONFIRMED', confirmed_at = {ts}, "
            "offer_expires_at = NULL, fee_hold_key = ?, updated_at = {ts} "
            "WHERE id = ? AND status = 'OFFERED' AND offer_expires_at > {ts}",
            now, key, now, registration_id, now,
        ):  # fmt: skip
            raise await _not_movable(db, registration_id, offer=True)
        try:
            await _hold_fee(event, registration_id, actor.id, now)
        except DomainError as error:
            failure = error
            await db.run(
                "UPDATE event_registrations SET status = 'CANCELLED', fee_hold_key = NULL, "
                "cancelled_at = {ts}, updated_at = {ts} WHERE id = ?",
                now, now, registration_id,
            )  # fmt: skip
            effects.notices += await _free_seat(db, event, now)
    await effects.publish()
    if failure is not None:
        raise failure
    return await Registration.get(id=registration_id)


async def decline_offer(
    *, actor: Actor, registration_id: int, now: datetime | None = None
) -> Registration:
    """Turn an offered seat down: the registration is cancelled and the seat offered to the
    next in line. REGISTRATION_INACTIVE when nothing is offered."""
    now = now or clock.now()
    registration = await own_registration(actor, registration_id)
    effects = _Effects([], {registration.event_id})
    async with in_transaction() as conn:
        db = Sql(conn)
        event = await seats.lock(db, registration.event_id)
        assert event is not None
        if not await db.run(
            "UPDATE event_registrations SET status = 'CANCELLED', offer_expires_at = NULL, "
            "cancelled_at = {ts}, updated_at = {ts} WHERE id = ? AND status = 'OFFERED'",
            now, now, registration_id,
        ):  # fmt: skip
            raise await _not_movable(db, registration_id)
        effects.notices += await _free_seat(db, event, now)
    await effects.publish()
    return await Registration.get(id=registration_id)


async def confirm_from_waitlist(
    *, actor: Actor, registration_id: int, now: datetime | None = None
) -> Registration:
    """An organizer seats a WAITLISTED registration out of turn, when a seat is free
    (EVENT_FULL otherwise); the member's fee is held (INSUFFICIENT_POINTS changes nothing)."""
    now = now or clock.now()
    registration = await Registration.get_or_none(id=registration_id)
    if registration is None:
        raise NotFound(field="registration_id")
    event = await get_event(registration.event_id)
    await require_organizer(actor, event, field="registration_id")
    async with in_transaction() as conn:
        db = Sql(conn)
        event = await seats.lock(db, registration.event_id)
        assert event is not None
        key = fee_key(registration_id) if int(event["fee_points"]) > 0 else None
        if not await db.run(
            "UPDATE event_registrations SET status = 'CONFIRMED', waitlist_seq = NULL, "
            "confirmed_at = {ts}, fee_hold_key = ?, updated_at = {ts} "
            "WHERE id = ? AND status = 'WAITLISTED'",
            now, key, now, registration_id,
        ):  # fmt: skip
            raise await _not_movable(db, registration_id)
        if await seats.take_seat(db, registration.event_id) is None:
            raise DomainError(ErrorCode.EVENT_FULL, field="registration_id")
        await seats.adjust(db, registration.event_id, waitlist=-1)
        await _hold_fee(event, registration_id, registration.member_id, now)
        notice = await notify(
            registration.member_id, CONFIRMED, _payload(event, registration_id), using=conn
        )
    await _Effects([notice], {registration.event_id}).publish()
    return await Registration.get(id=registration_id)


async def expire_offers(*, now: datetime | None = None) -> dict[str, Any]:
    """Cancel every offer past its time and pass each seat on to the next in line, one
    transaction per event (set-based within it). A second run, even a concurrent one, finds
    nothing left to do."""
    now = now or clock.now()
    due = await Sql().rows(
        "SELECT DISTINCT event_id FROM event_registrations "
        "WHERE status = 'OFFERED' AND offer_expires_at <= {ts}",
        now,
    )
    expired = offered = 0
    for row in due:
        event_id = int(row["event_id"])
        effects = _Effects([], {event_id})
        async with in_transaction() as conn:
            db = Sql(conn)
            event = await seats.lock(db, event_id)
            assert event is not None
            lapsed = await db.rows(
                "UPDATE event_registrations SET status = 'CANCELLED', offer_expires_at = NULL, "
                "cancelled_at = {ts}, updated_at = {ts} "
                "WHERE event_id = ? AND status = 'OFFERED' AND offer_expires_at <= {ts} "
                "RETURNING id, member_id",
                now, now, event_id, now,
            )  # fmt: skip
            if lapsed:
                await seats.adjust(db, event_id, seats=-len(lapsed))
                for gone in lapsed:
                    effects.notices.append(await notify(
                        int(gone["member_id"]), OFFER_EXPIRED, _payload(event, int(gone["id"])),
                        dedupe_key=f"event-offer-expired:{gone['id']}", using=conn,
                    ))  # fmt: skip
                new = await _offer(db, event, now)
                effects.notices += new
                expired, offered = expired + len(lapsed), offered + len(new)
        await effects.publish()
    return {"events": len(due), "expired": expired, "offered": offered}


async def _free_seat(db: Sql, event: dict[str, Any], now: datetime) -> list[Notification | None]:
    """Give one seat back and offer every free seat to the waitlist's head."""
    await seats.adjust(db, int(event["id"]), seats=-1)
    return await _offer(db, event, now)


async def offer_seats(db: Sql, event_id: int, now: datetime) -> list[Notification | None]:
    """Offer the free seats of an event (locked here) to its waitlist, notices to publish."""
    event = await seats.lock(db, event_id)
    return await _offer(db, event, now) if event is not None else []


async def _offer(db: Sql, event: dict[str, Any], now: datetime) -> list[Notification | None]:
    offered = await seats.offer_free_seats(db, int(event["id"]), now)
    return [
        await notify(
            int(row["member_id"]), OFFERED,
            {**_payload(event, int(row["id"])), "offerExpiresAt": str(row["offer_expires_at"])},
            dedupe_key=f"event-offer:{row['id']}", using=db.conn,
        )
        for row in offered
    ]  # fmt: skip


async def _hold_fee(
    event: dict[str, Any], registration_id: int, member_id: int, now: datetime
) -> None:
    fee = int(event["fee_points"])
    if fee <= 0:
        return
    async with in_transaction():  # SAVEPOINT: a failed hold leaves the caller's work intact
        await ledger.hold(
            member_id, fee, reason=FEE_REASON, idempotency_key=fee_key(registration_id),
            source_ref=fee_ref(int(event["id"]), registration_id), now=now,
        )  # fmt: skip


async def _settle_fee(key: str | None, *, keep: bool, now: datetime) -> None:
    if key is None:
        return
    if keep:
        await ledger.capture(key, now=now)
    else:
        await ledger.release(key, now=now)


async def _not_movable(db: Sql, registration_id: int, *, offer: bool = False) -> DomainError:
    """Why a registration did not move: ALREADY_DONE (cancelled), EXPIRED (an offer past its
    time) or REGISTRATION_INACTIVE (any other state)."""
    status = await db.scalar("SELECT status FROM event_registrations WHERE id = ?", registration_id)
    field = "registration_id"
    if status == "CANCELLED":
        return DomainError(ErrorCode.ALREADY_DONE, field=field)
    if offer and status == "OFFERED":
        return DomainError(ErrorCode.EXPIRED, field=field, message_key="event.offer_expired")
    return DomainError(ErrorCode.REGISTRATION_INACTIVE, field=field)


def _payload(event: dict[str, Any], registration_id: int) -> dict[str, Any]:
    return {"eventId": int(event["id"]), "title": event["title"], "registrationId": registration_id}
