"""Argument annotations shared by the circle fields."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from schema.members.vehicles import parse_ids
from services.pagination import PageArgs

First = Annotated[int | None, strawberry.argument(description="Page size (at most 100).")]
After = Annotated[str | None, strawberry.argument(description="Cursor to continue after.")]


def page(first: int | None, after: str | None) -> PageArgs:
    return PageArgs(first=first, after=after)


def node_keys(node_ids: object) -> list[int]:
    """Database ids of node ids (0, which matches nothing, for malformed ones)."""
    return [key or 0 for key in parse_ids(node_ids)]  # type: ignore[arg-type]


__all__ = ["After", "First", "node_keys", "page", "relay"]
