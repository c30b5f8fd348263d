"""``markNotificationsRead``: decode the input, call the service, map the outcome."""

from __future__ import annotations

import strawberry
from strawberry.relay import GlobalID

from schema.core.context import Info
from schema.core.errors import UserError, user_errors
from services.errors import DomainError, NotFound
from services.notifications import mark_read


@strawberry.input(description="Which notifications to mark read: give `ids` or `all`.")
class MarkNotificationsReadInput:
    ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The viewer's notifications to mark read (at most 100)."
    )
    all: bool | None = strawberry.field(
        default=None, description="Mark every unread notification of the viewer read."
    )


@strawberry.type(description="Result of markNotificationsRead.")
class MarkNotificationsReadPayload:
    updated_count: int = strawberry.field(
        description="Notifications that went from unread to read (0 when the call failed)."
    )
    unread_count: int | None = strawberry.field(
        description="The viewer's unread notifications afterwards, null when the call failed."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing was changed, if so.")


@strawberry.type
class NotificationMutations:
    @strawberry.mutation(
        description="Mark some or all of the viewer's notifications read. Naming a "
        "notification that is not the viewer's changes nothing and reports NOT_FOUND."
    )
    async def mark_notifications_read(
        self, info: Info, input: MarkNotificationsReadInput
    ) -> MarkNotificationsReadPayload:
        viewer = await info.context.require_viewer()
        try:
            ids = None if input.ids is None else [_notification_id(v) for v in input.ids]
            result = await mark_read(viewer.member, ids=ids, all=bool(input.all))
        except DomainError as error:
            return MarkNotificationsReadPayload(
                updated_count=0, unread_count=None, errors=user_errors(error, info.context.locale)
            )
        return MarkNotificationsReadPayload(
            updated_count=result.updated_count, unread_count=result.unread_count, errors=[]
        )


def _notification_id(value: str) -> int:
    try:
        global_id = GlobalID.from_id(value)
        if global_id.type_name != "Notification" or not global_id.node_id.isdigit():
            raise ValueError(value)
        return int(global_id.node_id)
    except ValueError as exc:
        raise NotFound(field=["input", "ids"]) from exc
