"""Reading a large result set a chunk at a time: a server-side cursor on PostgreSQL, so a full
rebuild never holds a whole board set in memory. SQLite (the embedded, single-connection mode)
reads the result at once instead: holding its only connection while the caller awaits Redis
would stall every other query for the whole rebuild."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Sequence
from typing import Any

from tortoise import Tortoise

from services.core.sql import _values, render
from services.rankings.metrics import Query

CHUNK = 5000
#: Sort memory of a rebuild's statements (a board set sorted on disk is several times slower).
SORT_MEMORY = "256MB"


async def stream(
    query: Query, *, chunk: int = CHUNK
) -> AsyncGenerator[Sequence[Sequence[Any]], None]:
    """The rows of ``query`` in lists of at most ``chunk`` rows (records or tuples)."""
    conn = Tortoise.get_connection("default")
    postgres = conn.capabilities.dialect == "postgres"
    bytewise = ' COLLATE "C"' if postgres else ""
    sql = render(query.sql.replace("{bytewise}", bytewise), postgres)
    params = _values(query.params)
    async with conn.acquire_connection() as raw:
        if postgres:
            async with raw.transaction():
                await raw.execute(f"SET LOCAL work_mem = '{SORT_MEMORY}'")
                cursor = await raw.cursor(sql, *params)
                # the next chunk is read while the caller writes this one
                ahead = asyncio.ensure_future(cursor.fetch(chunk))
                try:
                    while rows := await ahead:
                        ahead = asyncio.ensure_future(cursor.fetch(chunk))
                        yield rows
                finally:
                    with contextlib.suppress(Exception):
                        await ahead
            return
        async with raw.execute(sql, params) as cursor:
            found = [tuple(row) for row in await cursor.fetchall()]
    for start in range(0, len(found), chunk):
        yield found[start : start + chunk]
