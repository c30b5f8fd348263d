"""The ``Notification`` node and its connection."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from models.notifications import Notification
from schema.core.context import Info
from schema.core.ids import key_of, type_name
from schema.core.pagination import Connection
from schema.notifications.loaders import NotificationByIdLoader


@strawberry.type(
    name="Notification",
    description="A notice for the viewer: a reminder, an offer, a badge or tier change, an order "
    "step, a moderation outcome.",
)
class NotificationNode(relay.Node):
    notification_id: relay.NodeID[int]
    kind: str = strawberry.field(
        description="Machine-readable kind the client switches on, e.g. WAITLIST_OFFER."
    )
    payload: JSON = strawberry.field(
        description="Kind-specific data to render the notice (ids, amounts, names)."
    )
    read: bool = strawberry.field(description="The viewer has marked it read.")
    created_at: datetime = strawberry.field(description="When it was sent.")

    @classmethod
    def from_model(cls, row: Notification) -> NotificationNode:
        return cls(
            notification_id=row.id,
            kind=row.kind,
            payload=JSON(row.payload),
            read=row.read,
            created_at=row.created_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # relay.Node overloads it on `required`
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[NotificationNode | None]:
        """Only the viewer's own notifications resolve, anything else is null."""
        keys = [key_of(relay.GlobalID(type_name(cls), raw), cls) for raw in node_ids]
        viewer = await info.context.viewer()
        if viewer is None:
            return [None for _ in keys]
        loader = info.context.loaders.get(NotificationByIdLoader)
        rows = await loader.load_many([key for key in keys if key is not None])
        own = {row.id: row for row in rows if row is not None and row.member_id == viewer.id}
        return [cls.from_model(own[key]) if key in own else None for key in keys]


NotificationConnection = Connection[NotificationNode]
