"""Viewer fields owned by the notifications domain."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, cast

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from schema.core.context import Info
from schema.core.pagination import to_connection
from schema.notifications.types import NotificationConnection, NotificationNode
from services.notifications import list_notifications, unread_count
from services.pagination import PageArgs

if TYPE_CHECKING:
    from schema.core.context import Viewer


@strawberry.type
class NotificationViewerFields:
    @strawberry.field(
        description="The viewer's notifications, newest first (`first`/`last` at most 100)."
    )
    async def notifications(
        self,
        info: Info,
        first: Annotated[
            int | None, strawberry.argument(description="Page size, from the newest.")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor to continue after.")
        ] = None,
        last: Annotated[
            int | None, strawberry.argument(description="Page size, from the oldest.")
        ] = None,
        before: Annotated[
            str | None, strawberry.argument(description="Cursor to page back from.")
        ] = None,
        unread_only: Annotated[
            bool, strawberry.argument(description="Only notifications not yet marked read.")
        ] = False,
    ) -> NotificationConnection:
        page, total = await list_notifications(
            actor=_viewer(self),
            args=PageArgs(first=first, after=after, last=last, before=before),
            unread_only=unread_only,
            with_total=_selects(info.selected_fields[0].selections, "totalCount"),
        )
        return to_connection(page, NotificationNode.from_model, total)

    @strawberry.field(description="How many of the viewer's notifications are unread.")
    async def unread_notification_count(self) -> int:
        return await unread_count(actor=_viewer(self))


def _viewer(fields: object) -> Viewer:
    """The request's viewer, which strawberry hands these resolvers as ``self``."""
    return cast("Viewer", fields)


def _selects(selections: list[Selection], name: str) -> bool:
    """Whether ``name`` is selected among ``selections`` (looking into fragments)."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            if selection.name == name:
                return True
        elif _selects(selection.selections, name):
            return True
    return False
