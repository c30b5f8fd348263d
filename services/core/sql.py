"""Raw SQL the ORM cannot express, written once for PostgreSQL and SQLite.

Statements use ``?`` placeholders (rewritten to ``$1 …`` for asyncpg) and a few dialect
fragments filled in by ``str.format``: ``{least}``/``{greatest}`` (LEAST vs MIN), ``{ids}`` (a
one-column table of the ids passed as one parameter built by ``Sql.ids``), ``{ts}`` and
``{json}`` (typed parameters where PostgreSQL cannot infer the type), ``{json_object}`` and
``{lock}`` (``FOR UPDATE``, nothing on SQLite, which runs one transaction at a time).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

_POSTGRES = {
    "least": "LEAST",
    "greatest": "GREATEST",
    "ids": "(SELECT unnest(CAST(? AS BIGINT[])))",
    "ts": "CAST(? AS TIMESTAMPTZ)",
    "json": "CAST(? AS JSONB)",
    "lock": "FOR UPDATE",
    "json_object": "jsonb_build_object",
}
_SQLITE = {
    "least": "MIN",
    "greatest": "MAX",
    "ids": "(SELECT CAST(value AS INTEGER) FROM json_each(?))",
    "ts": "?",
    "json": "?",
    "lock": "",
    "json_object": "json_object",
}


@lru_cache(maxsize=512)
def render(sql: str, postgres: bool) -> str:
    """The statement for one dialect (cached per statement text)."""
    text = sql.format(**(_POSTGRES if postgres else _SQLITE))
    if not postgres:
        return text
    parts = text.split("?")
    out = [parts[0]]
    for index, part in enumerate(parts[1:], start=1):
        out.append(f"${index}{part}")
    return "".join(out)


class Sql:
    """A connection (usually a transaction) with dialect-aware helpers."""

    __slots__ = ("conn", "postgres")

    def __init__(self, conn: BaseDBAsyncClient | None = None) -> None:
        self.conn = conn if conn is not None else Tortoise.get_connection("default")
        self.postgres = self.conn.capabilities.dialect == "postgres"

    def ids(self, values: Iterable[int]) -> Any:
        """The parameter for an ``{ids}`` fragment."""
        listed = [int(value) for value in values]
        return listed if self.postgres else json.dumps(listed)

    async def rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        """Rows of a SELECT or of a statement with RETURNING."""
        return await self.conn.execute_query_dict(render(sql, self.postgres), _values(params))

    async def first(self, sql: str, *params: Any) -> dict[str, Any] | None:
        found = await self.rows(sql, *params)
        return found[0] if found else None

    async def scalar(self, sql: str, *params: Any) -> Any:
        row = await self.first(sql, *params)
        return next(iter(row.values())) if row else None

    async def run(self, sql: str, *params: Any) -> int:
        """Execute a statement that starts with UPDATE or DELETE and return the number of rows
        it changed (use ``RETURNING`` with ``rows`` for INSERTs and ``WITH …`` statements: the
        driver reports no count for them here)."""
        count, _ = await self.conn.execute_query(render(sql, self.postgres), _values(params))
        return count


def _values(params: Sequence[Any]) -> list[Any]:
    return [value.astimezone(UTC) if isinstance(value, datetime) else value for value in params]


def as_datetime(value: Any) -> datetime:
    """A timestamp read by raw SQL (SQLite returns text)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def as_json(value: Any) -> Any:
    """A JSON column read by raw SQL (both drivers return text)."""
    return json.loads(value) if isinstance(value, str | bytes) else value
