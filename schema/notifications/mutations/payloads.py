"""What the notification mutations answer."""

from __future__ import annotations

from typing import Self

import strawberry

from schema.core.payload import Payload
from services.notifications import MarkReadResult


@strawberry.type(description="Result of markNotificationsRead.")
class MarkNotificationsReadPayload(Payload):
    updated_count: int = strawberry.field(
        default=0,
        description="Notifications that went from unread to read (0 when the call failed).",
    )
    unread_count: int | None = strawberry.field(
        default=None,
        description="The viewer's unread notifications afterwards, null when the call failed.",
    )

    @classmethod
    def of(cls, result: MarkReadResult) -> Self:
        return cls(updated_count=result.updated_count, unread_count=result.unread_count)
