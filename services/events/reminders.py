"""Reminders 24 h and 2 h before an event starts, to its CONFIRMED and CHECKED_IN registrants.

Each (registration, kind) is claimed by ``INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING``
into ``event_reminders`` (unique on both), and only the rows this run inserted are notified, in
the same transaction. A second or concurrent run inserts nothing (on PostgreSQL the later
insert waits on the unique index until the first commits) and so sends nothing.

The windows do not overlap: the 24 h reminder goes out while the start is 2-24 h away, the
2 h one while it is under 2 h away, so a late job never sends both at once.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from models.notifications import Notification
from services import notifications
from services.core import clock
from services.core.sql import Sql, as_datetime

EVENT_REMINDER = "EVENT_REMINDER"
#: kind -> (how far ahead the window opens, how far ahead it closes)
WINDOWS: dict[str, tuple[timedelta, timedelta]] = {
    "24H": (timedelta(hours=24), timedelta(hours=2)),
    "2H": (timedelta(hours=2), timedelta(0)),
}

_CLAIM = (
    "INSERT INTO event_reminders (registration_id, kind, sent_at) "
    "SELECT r.id, ?, {ts} FROM event_registrations r JOIN events e ON e.id = r.event_id "
    "WHERE e.status = 'PUBLISHED' AND r.status IN ('CONFIRMED', 'CHECKED_IN') "
    "AND e.starts_at > {ts} AND e.starts_at <= {ts} "
    "ON CONFLICT (registration_id, kind) DO NOTHING RETURNING registration_id"
)
_RECIPIENTS = (
    "SELECT r.member_id, r.event_id, e.title, e.starts_at, e.meeting_city "
    "FROM event_registrations r JOIN events e ON e.id = r.event_id WHERE r.id IN {ids}"
)


async def send_reminders(*, now: datetime | None = None) -> dict[str, Any]:
    """Send the reminders that are due and not sent yet; returns counts per kind."""
    now = now or clock.now()
    sent: dict[str, int] = {}
    published: list[Notification] = []
    for kind, (opens, closes) in WINDOWS.items():
        async with in_transaction() as conn:
            db = Sql(conn)
            claimed = await db.rows(_CLAIM, kind, now, now + closes, now + opens)
            ids = [int(row["registration_id"]) for row in claimed]
            rows = await db.rows(_RECIPIENTS, db.ids(ids)) if ids else []
            created = await _notify(db, kind, rows)
        sent[kind] = len(ids)
        published.extend(created)
    await notifications.publish_notifications(published)
    return {"sent": sent}


async def _notify(db: Sql, kind: str, rows: list[dict[str, Any]]) -> list[Notification]:
    """One INSERT per event: every registrant of an event gets the same payload."""
    by_event: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_event[int(row["event_id"])].append(row)
    created: list[Notification] = []
    for event_id, members in by_event.items():
        first = members[0]
        payload = {
            "eventId": event_id,
            "title": first["title"],
            "startsAt": as_datetime(first["starts_at"]).isoformat(),
            "meetingCity": first["meeting_city"],
            "kind": kind,
        }
        created += await notifications.notify_many(
            [int(row["member_id"]) for row in members], EVENT_REMINDER, payload,
            dedupe_prefix=f"event-reminder:{kind}:{event_id}", using=db.conn,
        )  # fmt: skip
    return created
