"""Keyset pagination over tortoise querysets (stable under inserts, no offsets)."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from services.core.sql import as_datetime
from services.errors import InvalidInput

T = TypeVar("T")

MAX_PAGE = 100
DEFAULT_PAGE = 20


@dataclass(frozen=True)
class PageArgs:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


@dataclass
class Page(Generic[T]):
    items: list[T]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps(list(values), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError) as exc:
        raise InvalidInput(field=["after"], message_key="cursor.invalid") from exc
    if not isinstance(values, list) or len(values) != width:
        raise InvalidInput(field=["after"], message_key="cursor.invalid")
    return values


def _page_size(args: PageArgs) -> tuple[int, bool]:
    """(size, backwards)."""
    if args.first is not None and args.last is not None:
        raise InvalidInput(field=["first"], message_key="first.range")
    for name in ("first", "last"):
        value = getattr(args, name)
        if value is not None and not 0 <= value <= MAX_PAGE:
            raise InvalidInput(field=[name], message_key="first.range")
    if args.last is not None:
        return args.last, True
    return (args.first if args.first is not None else DEFAULT_PAGE), False


def _after(fields: Sequence[str], descending: Sequence[bool], values: Sequence[Any]) -> Q:
    """Rows strictly after ``values`` in the (field, direction) order."""
    clauses: list[Q] = []
    for index, name in enumerate(fields):
        equal = {fields[i]: values[i] for i in range(index)}
        op = "lt" if descending[index] else "gt"
        clauses.append(Q(**equal, **{f"{name}__{op}": values[index]}))
    combined = clauses[0]
    for clause in clauses[1:]:
        combined = combined | clause
    return combined


async def keyset_page(
    queryset: QuerySet[Any], *, order: Sequence[str], args: PageArgs
) -> Page[Any]:
    """One page of ``queryset`` ordered by ``order`` (e.g. ``["-created_at", "-id"]``; the
    last field must be unique). Runs one query; ``has_previous_page``/``has_next_page`` follow
    the Relay spec (known only in the direction of travel)."""
    size, backwards = _page_size(args)
    fields = [name.lstrip("-") for name in order]
    descending = [name.startswith("-") for name in order]
    if backwards:
        descending = [not d for d in descending]
    cursor = args.before if backwards else args.after
    query = queryset
    if cursor is not None:
        query = query.filter(_after(fields, descending, decode_cursor(cursor, len(fields))))
    ordering = [("-" if d else "") + f for f, d in zip(fields, descending, strict=True)]
    rows = list(await query.order_by(*ordering).limit(size + 1)) if size else []
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    cursors = [encode_cursor([_cursor_value(getattr(row, f)) for f in fields]) for row in rows]
    return Page(
        items=rows,
        cursors=cursors,
        has_next_page=args.before is not None if backwards else more,
        has_previous_page=more if backwards else args.after is not None,
    )


def _cursor_value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


async def keyset_rows(
    db: Any,
    select: str,
    params: Sequence[Any],
    *,
    order: Sequence[tuple[str, str]],
    args: PageArgs,
    timestamps: Sequence[str] = (),
) -> Page[dict[str, Any]]:
    """``keyset_page`` over a raw SELECT (a ``services.core.sql.Sql`` statement ending in its
    WHERE clause): plain rows, the same pages, cursors and flags. ``order`` pairs each sort
    key as ``keyset_page`` names it (``"-awarded_at"``, a column of the rows) with its SQL
    expression; ``timestamps`` names the keys that hold timestamps."""
    size, backwards = _page_size(args)
    keys = [name.lstrip("-") for name, _ in order]
    descending = [name.startswith("-") for name, _ in order]
    if backwards:
        descending = [not d for d in descending]
    cursor = args.before if backwards else args.after
    where, values = select, list(params)
    if cursor is not None:
        decoded = [
            as_datetime(value) if key in timestamps else value
            for key, value in zip(keys, decode_cursor(cursor, len(keys)), strict=True)
        ]
        clauses = []
        for index, (_, expression) in enumerate(order):
            parts = []
            for before in range(index):
                parts.append(f"{order[before][1]} = {_slot(keys[before], timestamps)}")
                values.append(decoded[before])
            op = "<" if descending[index] else ">"
            parts.append(f"{expression} {op} {_slot(keys[index], timestamps)}")
            values.append(decoded[index])
            clauses.append("(" + " AND ".join(parts) + ")")
        where = f"{select} AND ({' OR '.join(clauses)})"
    ordering = ", ".join(
        f"{expression} {'DESC' if d else 'ASC'}"
        for (_, expression), d in zip(order, descending, strict=True)
    )
    rows = await db.rows(f"{where} ORDER BY {ordering} LIMIT ?", *values, size + 1) if size else []
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    cursors = [
        encode_cursor([_row_cursor_value(row[k], k in timestamps) for k in keys]) for row in rows
    ]
    return Page(
        items=rows,
        cursors=cursors,
        has_next_page=args.before is not None if backwards else more,
        has_previous_page=more if backwards else args.after is not None,
    )


def _slot(key: str, timestamps: Sequence[str]) -> str:
    return "{ts}" if key in timestamps else "?"


def _row_cursor_value(value: Any, timestamp: bool) -> Any:
    if timestamp:
        return as_datetime(value).isoformat()
    return _cursor_value(value)
