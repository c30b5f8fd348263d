"""Signing up for an event: a seat while there is one, a place on the waitlist otherwise.

Fees. The fee is held (``services.loyalty.ledger.hold``, key ``event-fee:<registration id>``)
only with a seat: a CONFIRMED registration has exactly one HELD hold of the event's fee, a
WAITLISTED one none, and a waitlisted member pays when they accept an offer. Joining the
waitlist still needs the fee's worth of points, so a waitlist of members who could never accept
does not form.

Atomicity. The ledger functions open their own transaction; called inside ours, tortoise runs
them in a SAVEPOINT of it, so the fee hold commits or rolls back with the registration and the
seat: there is no compensating step to forget. In one transaction: insert the registration
seated or waitlisted on the event row it locks and move the counters (``seats.place``; the
partial unique index refuses a second active registration), claim the idempotency key and
remember the registration for retries and, with a seat, hold the fee. Any error
(INSUFFICIENT_POINTS, ALREADY_REGISTERED, ...) rolls back everything: no seat, no
registration, no hold. The balance is read before the write for a clear early refusal; the
hold's conditional UPDATE is what decides.

Throughput. Every sign-up of an event contends for its row. The requirement checks run before
any write, from one read (``sign_up_facts``: the event, its route, the member's tier and
balance, the vehicle). The transaction above keeps the row locked across its round trips to
the commit; on PostgreSQL a sign-up that holds no fee (a free event, or a waitlist place of a
paid one that already looked full) runs the same write as one autocommit statement instead
(``seats.sign_up_at_once``), so nearly every sign-up of a rush is one read and one write. Only a
seat with a fee takes the transaction, at most ``capacity`` of them (``bench/signup.py``: 823
free and 599 paid sign-ups/s this way, 424 and 405 with the transaction for all).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.events import Event, Registration
from models.members import Vehicle
from services.core import clock
from services.core.actors import Actor
from services.core.idempotency import check_key, claim, remember, request_hash
from services.core.rows import stored
from services.core.sql import Sql, as_json
from services.errors import DomainError, ErrorCode, Forbidden, NotFound
from services.events import seats
from services.events.access import may_see
from services.events.live import publish_counters
from services.events.requirements import SignUpFacts, sign_up_facts
from services.events.seats import Placed
from services.loyalty import ledger

FEE_REASON = "EVENT_FEE"
MAX_PASSENGERS = 8
_VEHICLE_REQUIREMENTS = frozenset({"vehicle", "drivetrain", "inspection"})


@dataclass(frozen=True)
class SignedUp:
    registration: Registration
    replayed: bool


FEE_KEY_PREFIX = "event-fee:"


def fee_key(registration_id: int) -> str:
    """The ledger idempotency key of a registration's fee hold."""
    return f"{FEE_KEY_PREFIX}{registration_id}"


def fee_ref(event_id: int, registration_id: int) -> str:
    return f"event:{event_id}:registration:{registration_id}"


async def sign_up(
    *,
    actor: Actor,
    event_id: int,
    vehicle_id: int,
    passengers: int = 0,
    idempotency_key: str,
    now: datetime | None = None,
) -> SignedUp:
    """Register ``actor`` with their vehicle: CONFIRMED (fee held) while seats last, else
    WAITLISTED in sign-up order. Refuses, changing nothing, with NOT_FOUND (event, vehicle),
    FORBIDDEN (someone else's vehicle), INVALID_INPUT (passengers outside 0-8),
    EVENT_NOT_OPEN, SIGNUP_NOT_OPEN / SIGNUP_CLOSED / PRIORITY_WINDOW, TIER_TOO_LOW,
    BADGES_MISSING, DRIVETRAIN_NOT_MET, INSPECTION_REQUIRED, ALREADY_REGISTERED or
    INSUFFICIENT_POINTS; an event of an INVITE circle the actor is not in is NOT_FOUND
    (FORBIDDEN to its organizers and staff, who see it). A retry with the same
    ``idempotency_key`` returns the first result."""
    now = now or clock.now()
    member_id = int(actor.id)
    client_key = check_key(idempotency_key, field=["idempotency_key"])
    if not 0 <= passengers <= MAX_PASSENGERS:
        raise DomainError(ErrorCode.INVALID_INPUT, field="passengers",
                          message_key="event.passengers")  # fmt: skip
    key = f"event-signup:{member_id}:{client_key}"
    digest = request_hash("event-signup", e=event_id, v=vehicle_id, p=passengers)
    facts = await sign_up_facts(member_id, event_id, vehicle_id, now=now)
    if facts is None:
        raise NotFound(field="event_id")
    event = facts.event
    refusal = await _refusal(actor, facts, vehicle_id)
    if refusal is not None:
        # a retry returns the first result, whatever changed since (the fee now held, the
        # member out of the circle, the window closed)
        replayed = await _stored(key, digest)
        if replayed is not None:
            return replayed
        raise refusal
    if Sql().postgres and (event.fee_points == 0 or event.seats_taken >= event.capacity):
        signed = await _write_at_once(event, member_id, vehicle_id, passengers, key, digest, now)
        if signed is not None:
            return signed
    return await _write(event, member_id, vehicle_id, passengers, key, digest, now)


async def _write_at_once(
    event: Event, member_id: int, vehicle_id: int, passengers: int, key: str, digest: str,
    now: datetime,
) -> SignedUp | None:  # fmt: skip
    """The write as one statement (PostgreSQL); None when it did nothing (a retry, an event
    no longer open, a seat freed for a paid sign-up), which ``_write`` then sorts out."""
    try:
        placed = await seats.sign_up_at_once(
            Sql(), key=key, digest=digest, event_id=event.id, member_id=member_id,
            vehicle_id=vehicle_id, passengers=passengers, nonce=secrets.token_hex(12), now=now,
            waitlist_only=event.fee_points > 0,
        )  # fmt: skip
    except IntegrityError as exc:  # the partial unique index: one active registration
        raise DomainError(ErrorCode.ALREADY_REGISTERED, field="event_id") from exc
    if placed is None:
        return None
    await publish_counters([placed.counters])
    return SignedUp(stored(Registration, placed.registration), replayed=False)


async def _write(
    event: Event, member_id: int, vehicle_id: int, passengers: int, key: str, digest: str,
    now: datetime,
) -> SignedUp:  # fmt: skip
    """The write in one transaction (see the module). The event row is locked before the key
    is claimed, as ``seats.sign_up_at_once`` does; a retry whose first attempt holds a seat
    fails on the unique index, one whose first registration was cancelled since fails on the
    key, and both return that first registration."""
    try:
        async with in_transaction() as conn:
            db = Sql(conn)
            placed = await _place(db, event, member_id, vehicle_id, passengers, now)
            registration_id = int(placed.registration["id"])
            if await claim(db, key, digest) is not None:
                raise _Retried
            await remember(db, key, {"registration_id": registration_id})
    except (IntegrityError, _Retried) as exc:
        replayed = await _stored(key, digest)
        if replayed is not None:
            return replayed
        raise DomainError(ErrorCode.ALREADY_REGISTERED, field="event_id") from exc
    await publish_counters([placed.counters])
    return SignedUp(stored(Registration, placed.registration), replayed=False)


class _Retried(Exception):
    """The key was claimed before: undo this attempt and return the first one's result."""


async def _place(
    db: Sql, event: Event, member_id: int, vehicle_id: int, passengers: int, now: datetime
) -> Placed:
    """Seat or waitlist the new registration; a seated one holds its fee, in the same
    transaction (INSUFFICIENT_POINTS rolls the seat back with everything else)."""
    placed = await seats.place(
        db, event.id, member_id=member_id, vehicle_id=vehicle_id, passengers=passengers,
        nonce=secrets.token_hex(12), now=now,
    )  # fmt: skip
    if placed is None:  # cancelled or unpublished since it was read
        raise DomainError(ErrorCode.EVENT_NOT_OPEN, field="event_id")
    if placed.seated and event.fee_points > 0:
        registration_id = int(placed.registration["id"])
        await _hold(event, registration_id, member_id, now)
        await seats.record_fee_hold(db, registration_id, fee_key(registration_id))
        placed.registration["fee_hold_key"] = fee_key(registration_id)
    return placed


async def _hold(event: Event, registration_id: int, member_id: int, now: datetime) -> None:
    await ledger.hold(
        member_id, event.fee_points, reason=FEE_REASON, idempotency_key=fee_key(registration_id),
        source_ref=fee_ref(event.id, registration_id), now=now,
    )  # fmt: skip


async def _stored(key: str, digest: str) -> SignedUp | None:
    """The first result of a retried sign-up (whose requirements may no longer hold)."""
    row = await Sql().first(
        'SELECT request_hash, result FROM idempotency_records WHERE "key" = ?', key
    )
    if row is None:
        return None
    if row["request_hash"] != digest:
        raise DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, field="idempotency_key")
    registration_id = int((as_json(row["result"]) or {})["registration_id"])
    return SignedUp(await Registration.get(id=registration_id), replayed=True)


async def _refusal(actor: Actor, facts: SignUpFacts, vehicle_id: int) -> DomainError | None:
    """Why ``actor`` may not sign up, or None. An INVITE circle's event is NOT_FOUND to
    whoever may not see it (FORBIDDEN to organizers and staff outside the circle); then the
    first unmet requirement, where a vehicle that is not the member's is NOT_FOUND or
    FORBIDDEN rather than a requirement; then the fee's worth of points."""
    event, member_id = facts.event, int(actor.id)
    if facts.outsider:
        if not await may_see(actor, event):
            return NotFound(field="event_id")
        return Forbidden(field="event_id", message_key="event.circle_members_only")
    if facts.unmet:
        requirement = facts.unmet[0].requirement
        if requirement == "vehicle":
            owner: list[Any] = await Vehicle.filter(id=vehicle_id).values_list(
                "owner_id", flat=True
            )
            if not owner:
                return NotFound(field="vehicle_id")
            if int(owner[0]) != member_id:
                return Forbidden(field="vehicle_id", message_key="event.not_your_vehicle")
        vehicle = requirement in _VEHICLE_REQUIREMENTS
        return facts.unmet[0].error("vehicle_id" if vehicle else "event_id")
    if event.fee_points > facts.balance:
        return DomainError(ErrorCode.INSUFFICIENT_POINTS, field="event_id")
    return None
