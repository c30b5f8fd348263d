"""Statements the ORM does not offer: insert-unless-present and counter moves."""

from __future__ import annotations

from typing import Any, TypeVar

from pypika_tortoise import Parameter, Table
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.fields import DatetimeField
from tortoise.models import Model

from services.core import clock
from services.core.rows import stored

M = TypeVar("M", bound=Model)


async def insert_ignore(
    db: BaseDBAsyncClient, model: type[M], conflict: tuple[str, ...], **values: Any
) -> M | None:
    """``INSERT … ON CONFLICT (conflict) DO NOTHING RETURNING *``: the new row, or None when a
    row with the same unique key exists (whatever the concurrency, the database decides)."""
    meta = model._meta
    instance = model(**values)
    now = clock.now()
    columns: list[str] = []
    params: list[Any] = []
    terms: list[Parameter] = []
    for name, column in meta.fields_db_projection.items():
        field = meta.fields_map[name]
        if field.pk and getattr(instance, name) is None:
            continue
        value = getattr(instance, name)
        if (
            value is None
            and isinstance(field, DatetimeField)
            and (field.auto_now_add or field.auto_now)
        ):
            value = now
        columns.append(column)
        params.append(field.to_db_value(value, instance))
        terms.append(Parameter(idx=len(params)))
    query = db.query_class.into(Table(meta.db_table)).columns(*columns).insert(*terms)
    query = query.on_conflict(*conflict).do_nothing()
    rows = await db.execute_query_dict(f"{query} RETURNING *", params)
    if not rows:
        return None
    return stored(model, rows[0])


async def move(db: BaseDBAsyncClient, model: type[Model], row_id: int, **deltas: int) -> int:
    """Add ``deltas`` to counter columns of one row in one atomic UPDATE (rows changed)."""
    changes = {name: F(name) + delta for name, delta in deltas.items() if delta}
    if not changes:
        return 0
    return await model.filter(id=row_id).using_db(db).update(**changes)
