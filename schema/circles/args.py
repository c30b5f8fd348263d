"""Arguments shared by the circle fields and mutations: pages, and lists an edit may omit."""

from __future__ import annotations

from typing import Annotated

import strawberry

from services.members.validation import KEEP, Keep
from services.pagination import PageArgs

First = Annotated[int | None, strawberry.argument(description="Page size (at most 100).")]
After = Annotated[str | None, strawberry.argument(description="Cursor to continue after.")]


def page(first: int | None, after: str | None) -> PageArgs:
    return PageArgs(first=first, after=after)


def kept_list(value: list[str] | None) -> list[str] | Keep:
    """An edit's list input: omitted keeps the stored list, null empties it."""
    if value is strawberry.UNSET:
        return KEEP
    return [] if value is None else value
