"""Completion: organizers mark who finished an event (COMPLETED) and who never came (NO_SHOW),
one by one, in bulk, or by completing the whole event.

Guarantees:

* Set-based and conditional: one UPDATE moves every listed registration that is still in a
  state it may leave (CONFIRMED or CHECKED_IN to COMPLETED, CONFIRMED to NO_SHOW); the rest are
  left alone, so completing twice changes nothing the second time.
* In the same transaction as the status change, each completed registration is recorded in the
  outbox as ``event.registration_completed`` (badges and leaderboards read it too), and the
  seats a NO_SHOW leaves are given back (``seats_taken`` counts seated statuses only).
* Points and contribution: ``reward_completion`` earns ``POINTS_PER_DIFFICULTY`` × route
  difficulty under the key ``event-completed:<registration id>`` and adds the organizers'
  contribution under ``event-organized:<event id>:<member id>``. It runs right after the
  commit and again when the outbox consumer applies the event, so a crash between the status
  change and the earn is healed by the consumer; the keys make every run after the first a
  replay. Completing the same registrations again re-runs it for them (a manual retry). A
  refusal no retry can change (rule off, cap full, member gone) is logged and skipped, so the
  consumer still applies the event for badges and leaderboards.
* Closing an event moves registrations by status in UPDATEs (CHECKED_IN to COMPLETED, then
  CONFIRMED to NO_SHOW), and check-in holds the event row while it commits (see checkin.py):
  no registration is left CHECKED_IN in a COMPLETED event.
* Fees: the fee hold of a COMPLETED or NO_SHOW registration is captured (a no-show forfeits
  it); capturing a captured hold is a replay.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, cast

import structlog
from tortoise.transactions import in_transaction

from models.events import Event, EventOrganizer, EventStatus, Registration, RegistrationStatus
from models.outbox import OutboxEvent
from models.routes import Route
from services.core import clock
from services.core.actors import Actor
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode, InvalidInput
from services.events.access import get_event, require_organizer
from services.loyalty import ledger
from services.loyalty.contribution import add_contribution

log = structlog.get_logger("convoy.events")

TOPIC = "event.registration_completed"
EARN_REASON = "EVENT_COMPLETED"
#: Base points per difficulty level: a difficulty-4 route earns 400 before the tier multiplier.
POINTS_PER_DIFFICULTY = 100
#: Contribution each organizer (and crew member) earns once per completed event.
ORGANIZER_CONTRIBUTION = 50
ORGANIZER_REASON = "EVENT_ORGANIZED"
#: Most registrations one call may complete.
MAX_BATCH = 500


class Outcome(StrEnum):
    COMPLETED = "COMPLETED"
    NO_SHOW = "NO_SHOW"


#: The statuses each outcome may be reached from.
_SOURCES = {
    Outcome.COMPLETED: ("CONFIRMED", "CHECKED_IN"),
    Outcome.NO_SHOW: ("CONFIRMED",),
}


async def complete_registrations(
    *,
    actor: Actor,
    event_id: int,
    registration_ids: Sequence[int],
    outcome: Outcome,
    now: datetime | None = None,
) -> list[Registration]:
    """Mark ``registration_ids`` of the event with ``outcome`` (organizers only, FORBIDDEN
    otherwise; EVENT_NOT_STARTED before the start). Returns the listed registrations as they
    now stand; those in another state are returned unchanged."""
    now = now or clock.now()
    if not registration_ids or len(registration_ids) > MAX_BATCH:
        raise InvalidInput(field="registration_ids")
    ids = sorted({int(value) for value in registration_ids})
    event = await get_event(event_id)
    await require_organizer(actor, event)
    _require_started(event, now)
    route = await Route.get(id=event.route_id)
    async with in_transaction() as conn:
        await _move(Sql(conn), event, route, ids, outcome, now)
    return await settle(event, route, ids, actor=actor, now=now)


async def complete_event(*, actor: Actor, event_id: int, now: datetime | None = None) -> Event:
    """Close a PUBLISHED event that has started (organizers only): CHECKED_IN registrations
    become COMPLETED, CONFIRMED ones that were never checked in become NO_SHOW, and WAITLISTED
    and OFFERED ones are cancelled (nothing is left to wait for; any fee hold is released). A
    second call returns the completed event unchanged; a cancelled event is NOT_AVAILABLE."""
    now = now or clock.now()
    event = await get_event(event_id)
    await require_organizer(actor, event)
    if event.status == EventStatus.COMPLETED:
        return event
    if event.status != EventStatus.PUBLISHED:
        raise DomainError(ErrorCode.NOT_AVAILABLE, field="event_id")
    _require_started(event, now)
    route = await Route.get(id=event.route_id)
    async with in_transaction() as conn:
        db = Sql(conn)
        closed = await db.run(
            "UPDATE events SET status = 'COMPLETED', completed_at = {ts}, updated_at = {ts} "
            "WHERE id = ? AND status = 'PUBLISHED'",
            now, now, event.id,
        )  # fmt: skip
        if closed:
            # By status, not by ids read earlier: whatever stands when each UPDATE runs moves.
            came = await _move(db, event, route, None, Outcome.COMPLETED, now,
                               sources=("CHECKED_IN",))  # fmt: skip
            absent = await _move(db, event, route, None, Outcome.NO_SHOW, now)
            lapsed_holds = await _lapse_waitlist(db, event.id, now)
    if closed:
        moved = [int(row["id"]) for row in (*came, *absent)]
        await settle(event, route, moved, actor=actor, now=now)
        for key in lapsed_holds:
            await ledger.release(key, actor=actor, now=now)
    return await Event.get(id=event.id)


async def _lapse_waitlist(db: Sql, event_id: int, now: datetime) -> list[str]:
    """Cancel what still waits for a seat of a closed event (WAITLISTED, and OFFERED seats
    never taken up), keeping the counters exact. Returns the fee holds to release."""
    waited = await db.run(
        "UPDATE event_registrations SET status = 'CANCELLED', waitlist_seq = NULL, "
        "cancelled_at = {ts}, updated_at = {ts} WHERE event_id = ? AND status = 'WAITLISTED'",
        now, now, event_id,
    )  # fmt: skip
    offered = await db.rows(
        "UPDATE event_registrations SET status = 'CANCELLED', offer_expires_at = NULL, "
        "cancelled_at = {ts}, updated_at = {ts} WHERE event_id = ? AND status = 'OFFERED' "
        "RETURNING fee_hold_key",
        now, now, event_id,
    )  # fmt: skip
    if waited or offered:
        await db.run(
            "UPDATE events SET waitlist_length = waitlist_length - ?, "
            "seats_taken = seats_taken - ? WHERE id = ?",
            waited, len(offered), event_id,
        )  # fmt: skip
    return [str(row["fee_hold_key"]) for row in offered if row["fee_hold_key"]]


def _require_started(event: Event, now: datetime) -> None:
    if event.starts_at > now:
        raise DomainError(ErrorCode.EVENT_NOT_STARTED, field="event_id")
    if event.status not in (EventStatus.PUBLISHED, EventStatus.COMPLETED):
        raise DomainError(ErrorCode.NOT_AVAILABLE, field="event_id")


async def _move(
    db: Sql,
    event: Event,
    route: Route,
    ids: list[int] | None,
    outcome: Outcome,
    now: datetime,
    *,
    sources: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """The conditional UPDATE, the outbox records and the seat count, in ``db``'s
    transaction: the listed registrations (every one of the event with ``ids=None``) that
    stand in ``sources`` (by default any status the outcome may be reached from). Returns
    the rows that moved."""
    if ids is not None and not ids:
        return []
    sources = sources or _SOURCES[outcome]
    marks = ", ".join("?" for _ in sources)
    stamp = "completed_at = {ts}, " if outcome == Outcome.COMPLETED else ""
    listed = "" if ids is None else "AND id IN {ids} "
    moved = await db.rows(
        f"UPDATE event_registrations SET status = ?, {stamp}updated_at = {{ts}} "
        f"WHERE event_id = ? {listed}AND status IN ({marks}) "
        "RETURNING id, member_id",
        outcome.value, *([now] if stamp else []), now, event.id,
        *([] if ids is None else [db.ids(ids)]), *sources,
    )  # fmt: skip
    if moved and outcome == Outcome.NO_SHOW:
        await db.run(
            "UPDATE events SET seats_taken = seats_taken - ? WHERE id = ?", len(moved), event.id
        )
    if moved and outcome == Outcome.COMPLETED:
        await OutboxEvent.bulk_create(
            [OutboxEvent(topic=TOPIC, payload=_payload(event, route, row, now)) for row in moved],
            using_db=db.conn,
        )
    return moved


def _payload(event: Event, route: Route, row: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {
        "member_id": int(row["member_id"]),
        "event_id": event.id,
        "registration_id": int(row["id"]),
        "route_id": route.id,
        "difficulty": route.difficulty,
        "terrain": route.terrain.value,
        "circle_id": event.circle_id,
        "completed_at": now.isoformat(),
    }


async def settle(
    event: Event, route: Route, ids: Sequence[int], *, actor: Actor | None, now: datetime
) -> list[Registration]:
    """After the commit: capture the fees of the registrations now COMPLETED or NO_SHOW and
    pay the completed ones (each step idempotent). A failure here is logged, not raised: the
    status change stands and the outbox consumer pays later."""
    rows = await Registration.filter(event_id=event.id, id__in=list(ids)).order_by("id")
    for registration in rows:
        if registration.status not in (RegistrationStatus.COMPLETED, RegistrationStatus.NO_SHOW):
            continue
        try:
            if registration.fee_hold_key:
                await ledger.capture(registration.fee_hold_key, actor=actor, now=now)
            if registration.status == RegistrationStatus.COMPLETED:
                await reward_completion(
                    _payload(event, route, {"id": registration.id,
                                            "member_id": registration.member_id}, now)
                )  # fmt: skip
        except DomainError as error:
            log.warning("events.settle_failed", registration_id=registration.id, code=error.code)
    return rows


async def reward_completion(payload: dict[str, Any]) -> None:
    """Earn the completion points and the organizers' contribution for one completed
    registration (the outbox consumer of ``event.registration_completed``). Every call after
    the first replays: the keys are derived from the registration and the event. A refusal
    retrying cannot change (rule off, cap full, member deleted) is logged, not raised: the
    consumer shares the event's transaction with badges and leaderboards, which must still
    see the completion."""
    registration_id, event_id = int(payload["registration_id"]), int(payload["event_id"])
    try:
        await ledger.earn(
            int(payload["member_id"]),
            EARN_REASON,
            amount=POINTS_PER_DIFFICULTY * int(payload["difficulty"]),
            idempotency_key=f"event-completed:{registration_id}",
            source_ref=f"event:{event_id}",
        )
    except DomainError as error:
        _expected(error, "events.completion_not_rewarded", registration_id=registration_id)
    query = EventOrganizer.filter(event_id=event_id).values_list("member_id", flat=True)
    organizers = cast(list[int], await query)
    for member_id in organizers:
        try:
            await add_contribution(
                int(member_id),
                ORGANIZER_CONTRIBUTION,
                reason=ORGANIZER_REASON,
                idempotency_key=f"event-organized:{event_id}:{member_id}",
                source_ref=f"event:{event_id}",
            )
        except DomainError as error:
            _expected(error, "events.organizer_not_credited", member_id=int(member_id))


#: Refusals that retrying cannot change: the rule is off or outside its window
#: (NOT_AVAILABLE), the member's cap is full (LIMIT_REACHED), the member was deleted
#: (NOT_FOUND), or the key was already used with other figures (IDEMPOTENCY_KEY_REUSED: the
#: route's difficulty changed since the first payment).
_FINAL = frozenset(
    {
        ErrorCode.NOT_AVAILABLE,
        ErrorCode.LIMIT_REACHED,
        ErrorCode.NOT_FOUND,
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        ErrorCode.IDEMPOTENCY_KEY_EXPIRED,
    }
)


def _expected(error: DomainError, message: str, **context: Any) -> None:
    """Log a final refusal and carry on, so the completion's other consumers (badges,
    leaderboards) still apply it; anything else is raised and the outbox retries the event."""
    if error.code not in _FINAL:
        raise error
    log.info(message, code=error.code, **context)
