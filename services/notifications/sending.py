"""Storing notifications (one row per recipient) and announcing them live after commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from pypika_tortoise import Parameter, Table
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient

from models.notifications import Notification
from services import live
from services.core import clock
from services.core.rows import stored

#: The ``type`` of a notification message on a member's live topic.
MESSAGE_TYPE = "notification"
#: Rows per INSERT statement in a fan-out (6 parameters each, far below every driver's limit).
INSERT_CHUNK = 1000
_COLUMNS = ("member_id", "kind", "payload", "read", "dedupe_key", "created_at")


async def notify(
    member_id: int,
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    dedupe_key: str | None = None,
    using: BaseDBAsyncClient | None = None,
) -> Notification | None:
    """Store a notification for ``member_id`` and return it.

    With ``dedupe_key`` the database's unique constraint makes every further call with the same
    key a no-op that returns None, whatever the concurrency (``INSERT … ON CONFLICT DO
    NOTHING``). Outside a transaction the row is committed and published live at once. Inside
    one (``using=`` or an active ``in_transaction()``) nothing is published: pass the returned
    row to ``publish_notifications`` after the transaction commits."""
    db = using or Notification._meta.db
    rows = await _insert(db, [(member_id, dedupe_key)], kind, payload or {})
    row = rows[0] if rows else None
    if row is not None and not isinstance(db, TransactionalDBClient):
        await publish_notifications([row])
    return row


async def notify_many(
    member_ids: Iterable[int],
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    dedupe_prefix: str | None = None,
    using: BaseDBAsyncClient | None = None,
) -> list[Notification]:
    """Send the same notification to many members with one INSERT per ``INSERT_CHUNK`` of them
    and return the rows created.

    With ``dedupe_prefix`` each member's row gets the key ``<prefix>:<member id>``, so a retry
    (after a crash half-way through a large fan-out, or a job that runs twice) creates only the
    missing rows. Publishing follows ``notify``: per chunk when not in a transaction, otherwise
    the caller publishes the returned rows after commit."""
    db = using or Notification._meta.db
    recipients = list(dict.fromkeys(member_ids))
    created: list[Notification] = []
    for start in range(0, len(recipients), INSERT_CHUNK):
        chunk = recipients[start : start + INSERT_CHUNK]
        keys = [f"{dedupe_prefix}:{member_id}" if dedupe_prefix else None for member_id in chunk]
        rows = await _insert(db, list(zip(chunk, keys, strict=True)), kind, payload or {})
        if not isinstance(db, TransactionalDBClient):
            await publish_notifications(rows)
        created.extend(rows)
    return created


async def publish_notifications(rows: Iterable[Notification | None]) -> None:
    """Announce committed notifications on their members' live topics (``None`` entries, the
    result of a deduplicated ``notify``, are skipped). Best effort: the rows are the record."""
    await live.publish_many(
        (live.member_topic(row.member_id), to_message(row)) for row in rows if row is not None
    )


def to_message(row: Notification) -> dict[str, Any]:
    return {
        "type": MESSAGE_TYPE,
        "notification": {
            "id": row.id,
            "memberId": row.member_id,
            "kind": row.kind,
            "payload": row.payload,
            "read": row.read,
            "createdAt": row.created_at.isoformat(),
        },
    }


def from_message(message: dict[str, Any]) -> Notification | None:
    """The notification a live message carries, or None for other message types. The instance
    is for display only (it is not loaded from the database)."""
    if message.get("type") != MESSAGE_TYPE:
        return None
    data = message["notification"]
    return Notification(
        id=data["id"],
        member_id=data["memberId"],
        kind=data["kind"],
        payload=data["payload"],
        read=data["read"],
        created_at=datetime.fromisoformat(data["createdAt"]),
    )


async def _insert(
    db: BaseDBAsyncClient,
    recipients: Sequence[tuple[int, str | None]],
    kind: str,
    payload: dict[str, Any],
) -> list[Notification]:
    """One ``INSERT … ON CONFLICT (dedupe_key) DO NOTHING RETURNING *`` for all recipients."""
    if not recipients:
        return []
    meta = Notification._meta
    if len(kind) > _max_length("kind"):
        raise ValueError(f"notification kind too long: {kind!r}")
    key_limit = _max_length("dedupe_key")
    fields = [meta.fields_map[meta.fields_db_projection_reverse[c]] for c in _COLUMNS]
    now = clock.now()
    query: Any = db.query_class.into(Table(meta.db_table)).columns(*_COLUMNS)
    values: list[Any] = []
    for member_id, dedupe_key in recipients:
        if dedupe_key is not None and len(dedupe_key) > key_limit:
            raise ValueError(f"dedupe key too long: {dedupe_key!r}")
        row = (member_id, kind, payload, False, dedupe_key, now)
        params = []
        for field, value in zip(fields, row, strict=True):
            values.append(field.to_db_value(value, Notification))
            params.append(Parameter(idx=len(values)))
        query = query.insert(*params)
    query = query.on_conflict("dedupe_key").do_nothing().returning("*")
    rows = await db.execute_query_dict(str(query), values)
    return [stored(Notification, row) for row in rows]


def _max_length(name: str) -> int:
    field: Any = Notification._meta.fields_map[name]
    return int(field.max_length)
