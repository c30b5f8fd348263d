"""The seat and waitlist counters of an event, moved only by conditional atomic UPDATEs.

``events.seats_taken`` counts the registrations holding a seat (CONFIRMED, OFFERED,
CHECKED_IN, COMPLETED) and never exceeds ``capacity`` (the UPDATE's condition, with a CHECK
constraint / trigger behind it); ``waitlist_length`` counts the WAITLISTED ones and
``waitlist_seq`` hands out their order.

Lock order, to keep PostgreSQL free of deadlocks: every flow that moves seats of an existing
registration (cancel, decline, accept, expire, organizer confirm, event edits) locks the event
row first (``lock``), then registrations, then points accounts. A sign-up claims its
idempotency key, then locks the event row as it inserts its registration (``place``), then
holds the fee on the member's account.

Every statement here is one text for PostgreSQL and SQLite (``services.core.sql`` renders it),
except ``sign_up_at_once``: PostgreSQL's writable CTEs let it run the same sign-up as one
statement, which keeps the hot event row locked for that statement alone (SQLite, which runs one
writer at a time, needs no such thing and cannot run it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from services.core.sql import Sql, as_datetime


@dataclass(frozen=True)
class Counters:
    """An event's live figures, as published to subscribers."""

    event_id: int
    seats_taken: int
    capacity: int
    waitlist_length: int
    status: str

    @classmethod
    def of(cls, row: dict[str, Any]) -> Counters:
        return cls(int(row["id"]), int(row["seats_taken"]), int(row["capacity"]),
                   int(row["waitlist_length"]), str(row["status"]))  # fmt: skip


_RETURNING = "RETURNING id, seats_taken, capacity, waitlist_length, waitlist_seq, status"


async def lock(db: Sql, event_id: int) -> dict[str, Any] | None:
    """The event row, locked until commit (``{lock}``; SQLite runs one writer at a time).
    Registrations are inserted only by a transaction that already locks this row (``place``,
    ``sign_up_at_once``), so no key-share lock of theirs keeps ``FOR UPDATE`` waiting."""
    return await db.first(
        "SELECT id, status, capacity, seats_taken, waitlist_length, offer_window_hours, "
        "fee_points, cancel_deadline, title, starts_at FROM events WHERE id = ? {lock}",
        event_id,
    )


async def take_seat(db: Sql, event_id: int) -> dict[str, Any] | None:
    """One seat of a PUBLISHED event, or None when it is full (or no longer published)."""
    return await db.first(
        "UPDATE events SET seats_taken = seats_taken + 1 "
        f"WHERE id = ? AND status = 'PUBLISHED' AND seats_taken < capacity {_RETURNING}",
        event_id,
    )


@dataclass(frozen=True)
class Placed:
    """Where a sign-up landed: a seat, or the waitlist (``counters`` after the move), and its
    registration row as inserted."""

    seated: bool
    counters: Counters
    registration: dict[str, Any]


#: A new registration of a PUBLISHED event, CONFIRMED while it has a free seat, else
#: WAITLISTED with the next number, decided on the event row it locks like ``lock`` until the
#: transaction ends.
_REGISTER = (
    "INSERT INTO event_registrations (event_id, member_id, vehicle_id, passengers, status, "
    "waitlist_seq, checkin_nonce, confirmed_at, created_at, updated_at) "
    "SELECT e.id, ?, ?, ?, "
    "CASE WHEN e.seats_taken < e.capacity THEN 'CONFIRMED' ELSE 'WAITLISTED' END, "
    "CASE WHEN e.seats_taken < e.capacity THEN NULL ELSE e.waitlist_seq + 1 END, ?, "
    "CASE WHEN e.seats_taken < e.capacity THEN {ts} END, {ts}, {ts} "
    "FROM events e WHERE e.id = ? AND e.status = 'PUBLISHED' {lock} RETURNING *"
)
#: The counters after ``_REGISTER``: a seat, or a place on the waitlist.
_COUNT_IN = (
    "UPDATE events SET seats_taken = seats_taken + ?, waitlist_seq = waitlist_seq + ?, "
    f"waitlist_length = waitlist_length + ? WHERE id = ? {_RETURNING}"
)


async def place(
    db: Sql,
    event_id: int,
    *,
    member_id: int,
    vehicle_id: int,
    passengers: int,
    nonce: str,
    now: datetime,
) -> Placed | None:
    """Sign a member up, in the caller's transaction: the registration, CONFIRMED while the
    PUBLISHED event has a free seat, else WAITLISTED with the next number, and the counters
    moved to match. The event row stays locked until the transaction ends. None when the event
    is not published; an ``IntegrityError`` when the member already has an active registration
    (the partial unique index)."""
    registration = await db.first(
        _REGISTER, member_id, vehicle_id, passengers, nonce, now, now, now, event_id
    )
    if registration is None:
        return None
    seated = registration["status"] == "CONFIRMED"
    waiting = 0 if seated else 1
    moved = await db.first(_COUNT_IN, 1 - waiting, waiting, waiting, event_id)
    assert moved is not None  # the row is locked: it is still there
    return Placed(seated, Counters.of(moved), registration)


#: PostgreSQL: ``place``, the claim of the idempotency key (storing the registration id drawn
#: up front) and the counters, as one statement run on its own: the event row stays locked for
#: the statement alone, with no client round trip inside. Nothing happens when the key was
#: claimed before (a replay), the event is not published, or ``waitlist_only`` holds and a
#: seat is free; a second active registration is a unique violation that undoes it all. The
#: event row is locked before anything else, like ``place`` does.
_SIGN_UP_AT_ONCE = """
WITH new_id AS MATERIALIZED (
    SELECT nextval(pg_get_serial_sequence('event_registrations', 'id')) AS id
), before AS MATERIALIZED (
    SELECT id, seats_taken < capacity AS seated FROM events
    WHERE id = ? AND status = 'PUBLISHED' AND (NOT ? OR seats_taken >= capacity)
    FOR NO KEY UPDATE
), claimed AS (
    INSERT INTO idempotency_records ("key", request_hash, result, created_at)
    SELECT ?, ?, {json_object}('registration_id', n.id), {ts} FROM new_id n, before
    ON CONFLICT ("key") DO NOTHING RETURNING id
), moved AS (
    UPDATE events e SET
        seats_taken = e.seats_taken + CASE WHEN b.seated THEN 1 ELSE 0 END,
        waitlist_seq = e.waitlist_seq + CASE WHEN b.seated THEN 0 ELSE 1 END,
        waitlist_length = e.waitlist_length + CASE WHEN b.seated THEN 0 ELSE 1 END
    FROM before b WHERE e.id = b.id AND EXISTS (SELECT 1 FROM claimed)
    RETURNING e.id, b.seated, e.seats_taken, e.capacity, e.waitlist_length, e.waitlist_seq,
        e.status
), reg AS (
    INSERT INTO event_registrations (id, event_id, member_id, vehicle_id, passengers, status,
        waitlist_seq, checkin_nonce, confirmed_at, created_at, updated_at)
    SELECT n.id, m.id, ?, ?, ?,
        CASE WHEN m.seated THEN 'CONFIRMED' ELSE 'WAITLISTED' END,
        CASE WHEN m.seated THEN NULL ELSE m.waitlist_seq END,
        ?, CASE WHEN m.seated THEN {ts} END, {ts}, {ts}
    FROM moved m, new_id n
    RETURNING *
)
SELECT reg.*, m.seated, m.seats_taken AS event_seats_taken, m.capacity AS event_capacity,
       m.waitlist_length AS event_waitlist_length, m.status AS event_status
FROM reg, moved m
"""


async def sign_up_at_once(
    db: Sql, *, key: str, digest: str, event_id: int, member_id: int, vehicle_id: int,
    passengers: int, nonce: str, now: datetime, waitlist_only: bool = False,
) -> Placed | None:  # fmt: skip
    """The one-statement sign-up, PostgreSQL only (see above); with ``waitlist_only`` it only
    ever joins the waitlist (a seat needs its fee held, in a transaction). None when nothing
    happened (a replayed key, an event no longer published, a free seat under
    ``waitlist_only``)."""
    found = await db.first(
        _SIGN_UP_AT_ONCE, event_id, waitlist_only, key, digest, now,
        member_id, vehicle_id, passengers, nonce, now, now, now,
    )  # fmt: skip
    if found is None:
        return None
    row = dict(found)
    counters = Counters(
        event_id, int(row.pop("event_seats_taken")), int(row.pop("event_capacity")),
        int(row.pop("event_waitlist_length")), str(row.pop("event_status")),
    )  # fmt: skip
    return Placed(bool(row.pop("seated")), counters, row)


async def record_fee_hold(db: Sql, registration_id: int, key: str) -> None:
    """Record the key of the fee hold of a seated registration."""
    await db.run(
        "UPDATE event_registrations SET fee_hold_key = ? WHERE id = ?", key, registration_id
    )


async def adjust(db: Sql, event_id: int, *, seats: int = 0, waitlist: int = 0) -> None:
    """Move the counters by a delta (the CHECK / trigger refuses leaving their bounds)."""
    await db.run(
        "UPDATE events SET seats_taken = seats_taken + ?, waitlist_length = waitlist_length + ? "
        "WHERE id = ?",
        seats,
        waitlist,
        event_id,
    )


async def offer_free_seats(db: Sql, event_id: int, now: datetime) -> list[dict[str, Any]]:
    """Offer every free seat of the (locked) event to the head of its waitlist: those
    registrations become OFFERED until ``now + offer_window_hours``, but never past the
    event's start, and keep the seat. Returns the offered registrations (id, member_id,
    offer_expires_at). Only for PUBLISHED events that have not started."""
    event = await db.first(
        "SELECT capacity - seats_taken AS free, offer_window_hours, status, starts_at "
        "FROM events WHERE id = ?",
        event_id,
    )
    if event is None or event["status"] != "PUBLISHED" or int(event["free"]) <= 0:
        return []
    starts_at = as_datetime(event["starts_at"])
    if now >= starts_at:
        return []
    expires = min(now + timedelta(hours=int(event["offer_window_hours"])), starts_at)
    offered = await db.rows(
        "UPDATE event_registrations SET status = 'OFFERED', waitlist_seq = NULL, "
        "offered_at = {ts}, offer_expires_at = {ts}, updated_at = {ts} WHERE id IN ("
        "SELECT id FROM event_registrations WHERE event_id = ? AND status = 'WAITLISTED' "
        "ORDER BY waitlist_seq LIMIT ?) RETURNING id, member_id, offer_expires_at",
        now, expires, now, event_id, int(event["free"]),
    )  # fmt: skip
    if offered:
        await adjust(db, event_id, seats=len(offered), waitlist=-len(offered))
    return offered


async def counters(db: Sql, event_ids: list[int]) -> list[Counters]:
    rows = await db.rows(
        "SELECT id, seats_taken, capacity, waitlist_length, status FROM events WHERE id IN {ids}",
        db.ids(event_ids),
    )
    return [Counters.of(row) for row in rows]


async def waitlist_positions(db: Sql, registration_ids: list[int]) -> dict[int, int]:
    """Place in line (1 = next) of each WAITLISTED registration among those of its event
    still waiting, in waitlist order: one statement for any number of registrations."""
    if not registration_ids:
        return {}
    rows = await db.rows(
        "SELECT r.id, (SELECT COUNT(*) FROM event_registrations w WHERE w.event_id = r.event_id "
        "AND w.status = 'WAITLISTED' AND w.waitlist_seq <= r.waitlist_seq) AS position "
        "FROM event_registrations r WHERE r.id IN {ids} AND r.status = 'WAITLISTED'",
        db.ids(registration_ids),
    )
    return {int(row["id"]): int(row["position"]) for row in rows}
