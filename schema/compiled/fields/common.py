"""Getters shared by the row types: ids, JSON columns, page arguments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strawberry.relay import to_base64

from services.core.sql import as_json
from services.pagination import PageArgs


def global_id(type_name: str, column: str = "id") -> Callable[[dict[str, Any]], str]:
    """The Relay global id of the row (``type_name:<id>``), as ``relay.Node.id`` gives it."""
    return lambda row: to_base64(type_name, row[column])


def json_column(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: as_json(row[name])


def page_args(args: dict[str, Any]) -> PageArgs:
    """The page a connection field's ``first``/``after`` (and ``last``/``before``) ask for."""
    return PageArgs(
        first=args.get("first"),
        after=args.get("after"),
        last=args.get("last"),
        before=args.get("before"),
    )
