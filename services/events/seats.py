"""The seat and waitlist counters of an event, moved only by conditional atomic UPDATEs.

``events.seats_taken`` counts the registrations holding a seat (CONFIRMED, OFFERED,
CHECKED_IN, COMPLETED) and never exceeds ``capacity`` (the UPDATE's condition, with a CHECK
constraint / trigger behind it); ``waitlist_length`` counts the WAITLISTED ones and
``waitlist_seq`` hands out their order.

Lock order, to keep PostgreSQL free of deadlocks: every flow that moves seats of an existing
registration (cancel, decline, accept, expire, organizer confirm, event edits) locks the event
row first (``lock``), then registrations, then points accounts. A sign-up touches only its own
new registration and the member's account before the event row, which it takes last so the
hot row stays locked for as short as possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from services.core.sql import Sql


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
    """The event row, locked until commit (PostgreSQL; SQLite runs one writer at a time).
    ``FOR NO KEY UPDATE`` like an UPDATE takes: ``FOR UPDATE`` would also wait for (and
    deadlock with) the key-share locks that inserting registrations put on the event row."""
    return await db.first(
        "SELECT id, status, capacity, seats_taken, waitlist_length, offer_window_hours, "
        "fee_points, cancel_deadline, title FROM events WHERE id = ?"
        + (" FOR NO KEY UPDATE" if db.postgres else ""),
        event_id,
    )


async def take_seat(db: Sql, event_id: int) -> dict[str, Any] | None:
    """One seat of a PUBLISHED event, or None when it is full (or no longer published)."""
    return await db.first(
        "UPDATE events SET seats_taken = seats_taken + 1 "
        f"WHERE id = ? AND status = 'PUBLISHED' AND seats_taken < capacity {_RETURNING}",
        event_id,
    )


async def join_waitlist(db: Sql, event_id: int) -> dict[str, Any] | None:
    """The next waitlist number of a PUBLISHED event (``waitlist_seq`` of the row returned)."""
    return await db.first(
        "UPDATE events SET waitlist_seq = waitlist_seq + 1, "
        f"waitlist_length = waitlist_length + 1 WHERE id = ? AND status = 'PUBLISHED' {_RETURNING}",
        event_id,
    )


@dataclass(frozen=True)
class Placed:
    """Where a sign-up landed: a seat, or the waitlist (``counters`` after the move)."""

    seated: bool
    counters: Counters
    #: The registration row as settled (PostgreSQL only, None on SQLite).
    registration: dict[str, Any] | None = None


async def place(
    db: Sql, event_id: int, registration_id: int, now: datetime, fee_key: str | None
) -> Placed | None:
    """Seat the (new) registration if the PUBLISHED event has a free seat, else give it the
    next waitlist number; ``fee_key`` is recorded on a seated one. None when the event is no
    longer published. Two plain steps for SQLite, which runs one writer at a time (PostgreSQL
    signs up with ``sign_up_direct``)."""
    seat = await take_seat(db, event_id)
    if seat is not None:
        await db.run(
            "UPDATE event_registrations SET status = 'CONFIRMED', confirmed_at = {ts}, "
            "fee_hold_key = ? WHERE id = ?",
            now, fee_key, registration_id,
        )  # fmt: skip
        return Placed(True, Counters.of(seat))
    spot = await join_waitlist(db, event_id)
    if spot is None:
        return None
    await db.run(
        "UPDATE event_registrations SET status = 'WAITLISTED', waitlist_seq = ? WHERE id = ?",
        int(spot["waitlist_seq"]), registration_id,
    )  # fmt: skip
    return Placed(False, Counters.of(spot))


#: PostgreSQL: the whole sign-up write as one statement. It locks the event row, claims the
#: idempotency key (storing the registration id drawn up front), moves the counters and
#: inserts the settled registration; run on its own, the row stays locked for the statement
#: alone, with no client round trip inside. A seated registration records its fee hold key
#: (``$10`` || its id) when ``$10`` is given. Nothing happens when the key was claimed before
#: (a replay), the event is not published, or ``$9`` (waitlist only) is true and a seat is
#: free; a second active registration is a unique violation that undoes it all. Every lock
#: on the event row is taken by this statement before anything else: a registration inserted
#: first would put a key-share lock on the row that concurrent sign-ups wait behind.
_SIGN_UP_DIRECT_POSTGRES = """
WITH new_id AS MATERIALIZED (
    SELECT nextval(pg_get_serial_sequence('event_registrations', 'id')) AS id
), before AS MATERIALIZED (
    SELECT id, seats_taken < capacity AS seated FROM events
    WHERE id = $4 AND status = 'PUBLISHED' AND (NOT $9 OR seats_taken >= capacity)
    FOR NO KEY UPDATE
), claimed AS (
    INSERT INTO idempotency_records ("key", request_hash, result, created_at)
    SELECT $1, $2, jsonb_build_object('registration_id', n.id), $3 FROM new_id n, before
    ON CONFLICT ("key") DO NOTHING RETURNING id
), moved AS (
    UPDATE events e SET
        seats_taken = e.seats_taken + CASE WHEN b.seated THEN 1 ELSE 0 END,
        waitlist_seq = e.waitlist_seq + CASE WHEN b.seated THEN 0 ELSE 1 END,
        waitlist_length = e.waitlist_length + CASE WHEN b.seated THEN 0 ELSE 1 END
    FROM before b WHERE e.id = b.id AND EXISTS (SELECT 1 FROM claimed)
    RETURNING b.seated, e.seats_taken, e.capacity, e.waitlist_length, e.waitlist_seq, e.status
), reg AS (
    INSERT INTO event_registrations (id, event_id, member_id, vehicle_id, passengers, status,
        waitlist_seq, checkin_nonce, confirmed_at, created_at, updated_at, fee_hold_key)
    SELECT n.id, $4, $5, $6, $7,
        CASE WHEN m.seated THEN 'CONFIRMED' ELSE 'WAITLISTED' END,
        CASE WHEN m.seated THEN NULL ELSE m.waitlist_seq END,
        $8, CASE WHEN m.seated THEN CAST($3 AS TIMESTAMPTZ) END, $3, $3,
        CASE WHEN m.seated THEN CAST($10 AS VARCHAR) || n.id END
    FROM moved m, new_id n
    RETURNING *
)
SELECT reg.*, m.seated, m.seats_taken AS event_seats_taken, m.capacity AS event_capacity,
       m.waitlist_length AS event_waitlist_length, m.status AS event_status
FROM reg, moved m
"""


async def sign_up_direct(
    db: Sql, *, key: str, digest: str, event_id: int, member_id: int, vehicle_id: int,
    passengers: int, nonce: str, now: datetime, waitlist_only: bool = False,
    fee_key_prefix: str | None = None,
) -> Placed | None:  # fmt: skip
    """The one-statement sign-up on PostgreSQL (see above); with ``waitlist_only`` it only
    ever joins the waitlist (a seat would need a fee held), with ``fee_key_prefix`` a seated
    registration records ``prefix + id`` as its fee hold key. None when nothing happened (a
    replayed key, an event no longer published, a free seat under ``waitlist_only``)."""
    rows = await db.conn.execute_query_dict(
        _SIGN_UP_DIRECT_POSTGRES,
        [key, digest, now, event_id, member_id, vehicle_id, passengers, nonce, waitlist_only,
         fee_key_prefix],
    )  # fmt: skip
    return _placed(event_id, rows[0]) if rows else None


def _placed(event_id: int, found: dict[str, Any]) -> Placed:
    row = dict(found)
    counters = Counters(
        event_id, int(row.pop("event_seats_taken")), int(row.pop("event_capacity")),
        int(row.pop("event_waitlist_length")), str(row.pop("event_status")),
    )  # fmt: skip
    return Placed(bool(row.pop("seated")), counters, row)


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
    registrations become OFFERED until ``now + offer_window_hours`` and keep the seat. Returns
    the offered registrations (id, member_id, offer_expires_at). Only for PUBLISHED events."""
    event = await db.first(
        "SELECT capacity - seats_taken AS free, offer_window_hours, status FROM events "
        "WHERE id = ?",
        event_id,
    )
    if event is None or event["status"] != "PUBLISHED" or int(event["free"]) <= 0:
        return []
    expires = now + timedelta(hours=int(event["offer_window_hours"]))
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
