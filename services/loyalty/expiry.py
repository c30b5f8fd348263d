"""Expiry of lots past their date, and the notices sent before it happens.

``expire_points`` works per chunk of members, set-based: one INSERT…SELECT writes an EXPIRE
entry per member for what their expired lots still hold (never more than the spendable balance:
points reserved by an open hold stay until the hold settles), one UPDATE…FROM lowers the
balances by those entries and one UPDATE consumes the expired lots. A second run finds nothing
left to expire. ``send_expiry_notices`` stores one notice per member per expiry date (a dedupe
key), whatever the number of runs.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

import runtime
from models.notifications import Notification
from services import notifications
from services.core import clock
from services.core.sql import Sql, as_datetime
from services.loyalty import accounts, lots
from services.loyalty.batches import DEFAULT_CHUNK, member_chunks
from services.loyalty.dates import expiry_date

POINTS_EXPIRING = "POINTS_EXPIRING"
EXPIRED_REASON = "POINTS_EXPIRED"

_DUE = (
    "SELECT DISTINCT member_id FROM ledger_entries "
    "WHERE remaining > 0 AND expires_at <= {ts} AND member_id > ?"
)

_EXPIRE = """
INSERT INTO ledger_entries (member_id, kind, reason, amount, held_delta, qualifies, source_ref,
                            idempotency_key, created_at)
SELECT a.member_id, 'EXPIRE', ?, -{least}(a.balance, due.amount), 0, false, ?,
       'expire:' || a.member_id || ':' || CAST(? AS TEXT), {ts}
FROM points_accounts a
JOIN (SELECT member_id, SUM(remaining) AS amount FROM ledger_entries
      WHERE member_id IN {ids} AND remaining > 0 AND expires_at <= {ts}
      GROUP BY member_id) due ON due.member_id = a.member_id
WHERE {least}(a.balance, due.amount) > 0
ON CONFLICT (idempotency_key) DO NOTHING
RETURNING id
"""

_APPLY = (
    "UPDATE points_accounts SET balance = points_accounts.balance + e.amount, updated_at = {ts} "
    "FROM ledger_entries e WHERE e.id IN {ids} AND e.member_id = points_accounts.member_id "
    "AND points_accounts.balance + e.amount >= 0"
)


async def expire_points(
    *, now: datetime | None = None, chunk: int = DEFAULT_CHUNK
) -> dict[str, Any]:
    """Expire every lot whose ``expires_at`` has passed. Returns members, entries and points."""
    now = now or clock.now()
    run = now.isoformat()
    summary = {"members": 0, "entries": 0, "points": 0}
    async for members in member_chunks(Sql(), _DUE, now, size=chunk):
        async with in_transaction() as conn:
            db = Sql(conn)
            await accounts.lock_many(db, members)
            created = await db.rows(
                _EXPIRE, EXPIRED_REASON, f"expiry:{run}", run, now, db.ids(members), now
            )
            entry_ids = [int(row["id"]) for row in created]
            if entry_ids:
                changed = await db.run(_APPLY, now, db.ids(entry_ids))
                if changed != len(entry_ids):
                    raise RuntimeError("expiry would overdraw an account, rolled back")
                await lots.consume_for_entries(db, entry_ids)
                points = await db.scalar(
                    "SELECT -SUM(amount) FROM ledger_entries WHERE id IN {ids}", db.ids(entry_ids)
                )
                summary["points"] += int(points or 0)
        summary["members"] += len(members)
        summary["entries"] += len(entry_ids)
    return summary


_EXPIRING = (
    "SELECT DISTINCT member_id FROM ledger_entries "
    "WHERE remaining > 0 AND expires_at > {ts} AND expires_at <= {ts} AND member_id > ?"
)

_NOTICE = """
INSERT INTO notifications (member_id, kind, payload, "read", dedupe_key, created_at)
SELECT member_id, ?, {json_object}('date', CAST(? AS TEXT), 'amount', SUM(remaining)), false,
       'points-expiring:' || member_id || ':' || CAST(? AS TEXT), {ts}
FROM ledger_entries
WHERE member_id IN {ids} AND remaining > 0 AND expires_at = {ts}
GROUP BY member_id
ON CONFLICT (dedupe_key) DO NOTHING
RETURNING id
"""


async def send_expiry_notices(
    *, now: datetime | None = None, chunk: int = DEFAULT_CHUNK
) -> dict[str, Any]:
    """Tell members which of their points expire within the notice period, one notice per
    member and expiry date. Returns how many notices were stored."""
    now = now or clock.now()
    until = now + timedelta(days=runtime.settings().points_expiry_notice_days)
    db = Sql()
    sent = 0
    async for members in member_chunks(db, _EXPIRING, now, until, size=chunk):
        moments = await db.rows(
            "SELECT DISTINCT expires_at FROM ledger_entries WHERE member_id IN {ids} "
            "AND remaining > 0 AND expires_at > {ts} AND expires_at <= {ts}",
            db.ids(members), now, until,
        )  # fmt: skip
        for row in moments:
            moment = as_datetime(row["expires_at"])
            day = expiry_date(moment).isoformat()
            created = await db.rows(
                _NOTICE, POINTS_EXPIRING, day, day, now, db.ids(members), moment
            )
            ids = [int(item["id"]) for item in created]
            sent += len(ids)
            if ids:
                rows = await Notification.filter(id__in=ids)
                await notifications.publish_notifications(rows)
    return {"notices": sent}
