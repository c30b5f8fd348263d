"""``markNotificationsRead``: some or all of the viewer's notifications, marked read."""

from __future__ import annotations

import strawberry
from strawberry import relay

from schema.core.context import Info
from schema.core.ids import Id
from schema.core.runner import run
from schema.notifications.mutations.payloads import MarkNotificationsReadPayload
from schema.notifications.types import NotificationNode
from services import notifications


@strawberry.input(description="Which notifications to mark read: give `ids` or `all`.")
class MarkNotificationsReadInput:
    ids: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="The viewer's notifications to mark read (at most 100)."
    )
    all: bool | None = strawberry.field(
        default=None, description="Mark every unread notification of the viewer read."
    )


@strawberry.type
class NotificationMutations:
    @strawberry.mutation(
        description="Mark some or all of the viewer's notifications read. Naming a "
        "notification that is not the viewer's changes nothing and reports NOT_FOUND."
    )
    async def mark_notifications_read(
        self, info: Info, input: MarkNotificationsReadInput
    ) -> MarkNotificationsReadPayload:
        return await run(
            info,
            MarkNotificationsReadPayload,
            notifications.mark_read,
            ids=Id(input.ids, NotificationNode, optional=True),
            all=bool(input.all),
        )
