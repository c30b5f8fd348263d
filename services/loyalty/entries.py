"""Appending immutable ledger entries (the only way rows get into ``ledger_entries``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from models.loyalty import EntryKind
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode


@dataclass(frozen=True)
class NewEntry:
    member_id: int
    kind: EntryKind
    reason: str
    #: Change of the spendable balance.
    amount: int
    idempotency_key: str
    held_delta: int = 0
    #: Set for credits: the entry becomes a lot of ``amount`` points expiring then.
    lot_expires_at: datetime | None = None
    qualifies: bool = False
    source_ref: str | None = None
    actor_id: int | None = None
    note: str | None = None
    reverses_id: int | None = None


async def append(db: Sql, entry: NewEntry, now: datetime) -> int:
    """Insert ``entry`` and return its id. Its idempotency key is unique. Callers claim the key
    (``services.core.idempotency.claim``) first, so a key taken here was used by a request whose
    idempotency record the retention job has since purged: IDEMPOTENCY_KEY_EXPIRED, and the
    caller's transaction rolls back (a late retry never has a second effect)."""
    is_lot = entry.lot_expires_at is not None
    rows = await db.rows(
        "INSERT INTO ledger_entries (member_id, kind, reason, amount, held_delta, remaining, "
        "expires_at, qualifies, source_ref, actor_id, idempotency_key, note, reverses_id, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, {ts}, ?, ?, ?, ?, ?, ?, {ts}) "
        "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
        entry.member_id,
        entry.kind.value,
        entry.reason,
        entry.amount,
        entry.held_delta,
        entry.amount if is_lot else None,
        entry.lot_expires_at,
        entry.qualifies,
        entry.source_ref,
        entry.actor_id,
        entry.idempotency_key,
        entry.note,
        entry.reverses_id,
        now,
    )
    if not rows:
        raise DomainError(ErrorCode.IDEMPOTENCY_KEY_EXPIRED, field="idempotency_key")
    return int(rows[0]["id"])
