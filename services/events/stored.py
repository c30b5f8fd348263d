"""ORM objects of rows that raw SQL already read, built without another query."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from tortoise.models import Model

M = TypeVar("M", bound=Model)


def stored(model: type[M], row: Mapping[str, Any]) -> M:
    """The object a query of ``model`` would have built from ``row`` (its columns), marked as
    stored: the constructor converts the values (SQLite returns timestamps, enums and JSON as
    text), ``construct(_saved_in_db=True)`` makes the stored object of them. Public tortoise
    API only, and no statement."""
    converted = model(**row)
    return model.construct(_saved_in_db=True, **{name: getattr(converted, name) for name in row})
