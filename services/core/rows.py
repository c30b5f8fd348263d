"""ORM objects of rows that raw SQL already read or returned, built without another query."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from tortoise.models import Model

M = TypeVar("M", bound=Model)


def stored(model: type[M], row: Mapping[str, Any]) -> M:
    """The object a query of ``model`` would have built from ``row`` (keyed by column), marked
    as stored so that saving it updates it: each value converted by its field as a fetched one
    is (SQLite returns timestamps, enums and JSON as text). Public tortoise API only."""
    meta = model._meta
    values = {}
    for column, value in row.items():
        name = meta.fields_db_projection_reverse[column]
        values[name] = meta.fields_map[name].to_python_value(value)
    return model.construct(_saved_in_db=True, **values)
