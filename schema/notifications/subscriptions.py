"""The viewer's live notification stream."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from schema.core.context import Info
from schema.notifications.types import NotificationNode
from services import live
from services.notifications import from_message


@strawberry.type
class NotificationSubscriptions:
    @strawberry.subscription(
        description="The viewer's notifications as they are sent. Delivery is at most once: "
        "after (re)subscribing, or when the stream completes, re-read `viewer.notifications`."
    )
    async def notifications(self, info: Info) -> AsyncGenerator[NotificationNode, None]:
        viewer = await info.context.require_viewer()
        async for message in live.subscribe(live.member_topic(viewer.id)):
            notification = from_message(message)
            if notification is not None:
                yield NotificationNode.from_model(notification)
