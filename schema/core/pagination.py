"""Relay connections with opaque keyset cursors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry

from services.pagination import Page

NodeT = TypeVar("NodeT")


@strawberry.type(description="Relay page metadata.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="Items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge.")


@strawberry.type(description="An item of a connection with its cursor.")
class Edge(Generic[NodeT]):
    node: NodeT = strawberry.field(description="The item.")
    cursor: str = strawberry.field(description="Opaque cursor for `after`/`before`.")


@strawberry.type(description="A page of a list (Relay connection; `first`/`last` at most 100).")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the list.")
    total_count: int | None = strawberry.field(
        default=None, description="Number of items in the whole list, where cheap to count."
    )


def to_connection(
    page: Page[Any], convert: Callable[[Any], Any], total_count: int | None = None
) -> Connection[Any]:
    edges = [
        Edge(node=convert(item), cursor=cursor)
        for item, cursor in zip(page.items, page.cursors, strict=True)
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
        total_count=total_count,
    )
