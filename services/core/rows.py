"""ORM objects of rows that raw SQL already read or returned, built without another query."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
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


@lru_cache(maxsize=128)
def columns(model: type[Model], alias: str, prefix: str = "") -> str:
    """Every column of ``model``'s table as ``alias.column AS prefixcolumn``, for a raw SELECT
    that reads whole rows (of several tables, each under its own prefix)."""
    return ", ".join(
        f'{alias}."{column}" AS "{prefix}{column}"'
        for column in model._meta.fields_db_projection.values()
    )


def split(row: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """The columns of ``row`` read under ``prefix`` (see ``columns``), without it."""
    size = len(prefix)
    return {key[size:]: value for key, value in row.items() if key.startswith(prefix)}


class Prefixed:
    """The columns a joined row holds under ``prefix`` (see ``columns``), read by their own
    names without copying the row: ``Prefixed(row, "badge__")["key"]`` is
    ``row["badge__key"]``."""

    __slots__ = ("row", "prefix")

    def __init__(self, row: Mapping[str, Any], prefix: str) -> None:
        self.row = row
        self.prefix = prefix

    def __getitem__(self, name: str) -> Any:
        return self.row[self.prefix + name]
