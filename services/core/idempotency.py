"""Idempotent requests: the first outcome of a key is stored and replayed to every retry.

Inside the caller's transaction, ``claim`` inserts the key (unique). The first caller gets
``None`` and does the work, then ``remember``s its result in the same transaction. A concurrent
caller with the same key waits on the unique index until the first commits (PostgreSQL) or runs
after it (SQLite serialises transactions), then reads the stored result. A failed request rolls
its claim back with everything else, so an expected failure is never stored and a retry runs
again. The same key with different arguments raises IDEMPOTENCY_KEY_REUSED.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from services.core import clock
from services.core.sql import Sql, as_json
from services.errors import DomainError, ErrorCode

MAX_KEY_LENGTH = 200


def request_hash(operation: str, **arguments: Any) -> str:
    canonical = json.dumps([operation, arguments], sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_key(key: str, *, field: list[str]) -> str:
    """A usable client key (1-200 printable characters), or INVALID_INPUT."""
    key = (key or "").strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise DomainError(ErrorCode.INVALID_INPUT, field=field)
    return key


async def claim(db: Sql, key: str, digest: str) -> dict[str, Any] | None:
    """Claim ``key`` for this transaction: None when it is new (do the work, then
    ``remember``), the stored result when this is a replay of the same request."""
    inserted = await db.rows(
        'INSERT INTO idempotency_records ("key", request_hash, created_at) VALUES (?, ?, {ts}) '
        'ON CONFLICT ("key") DO NOTHING RETURNING id',
        key,
        digest,
        clock.now(),
    )
    if inserted:
        return None
    stored = await db.first(
        'SELECT request_hash, result FROM idempotency_records WHERE "key" = ?', key
    )
    if stored is None or stored["request_hash"] != digest:
        raise DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, field="idempotency_key")
    return dict(as_json(stored["result"]) or {})


async def remember(db: Sql, key: str, result: dict[str, Any]) -> None:
    await db.run(
        'UPDATE idempotency_records SET result = {json} WHERE "key" = ?', json.dumps(result), key
    )
