"""Walking a large set of members in ascending chunks (keyset on member id), for jobs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from services.core.sql import Sql

DEFAULT_CHUNK = 1000


async def member_chunks(
    db: Sql, candidates: str, *params: Any, size: int = DEFAULT_CHUNK
) -> AsyncIterator[list[int]]:
    """Yield chunks of at most ``size`` member ids, ascending. ``candidates`` is a SELECT of
    DISTINCT ``member_id`` whose WHERE clause ends with ``member_id > ?`` (filled in here)."""
    after = 0
    while True:
        rows = await db.rows(f"{candidates} ORDER BY member_id LIMIT ?", *params, after, size)
        if not rows:
            return
        chunk = [int(row["member_id"]) for row in rows]
        yield chunk
        after = chunk[-1]
        if len(chunk) < size:
            return
