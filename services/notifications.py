"""In-app notifications: stored per member, then published live over Redis pub/sub."""

from __future__ import annotations

from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from models.notifications import Notification


async def notify(
    member_id: int,
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    dedupe_key: str | None = None,
    using: BaseDBAsyncClient | None = None,
) -> Notification | None:
    """Store a notification for ``member_id``. With ``dedupe_key`` a second call with the same
    key is a no-op (returns None). Live delivery happens after commit."""
    if dedupe_key is not None:
        exists = await Notification.filter(dedupe_key=dedupe_key).using_db(using).exists()
        if exists:
            return None
    return await Notification.create(
        member_id=member_id, kind=kind, payload=payload or {}, dedupe_key=dedupe_key, using_db=using
    )
