"""The transactional outbox: domain events recorded with the change that caused them.

Call ``record`` inside the same ``in_transaction()`` block as the write it describes; a
dispatcher (``jobs``) later hands undispatched events to the broker, and consumers apply each
event at most once (see ``ProcessedMessage``).
"""

from __future__ import annotations

from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from models.outbox import OutboxEvent


async def record(
    topic: str, payload: dict[str, Any], *, using: BaseDBAsyncClient | None = None
) -> OutboxEvent:
    """Append a domain event (``topic`` like ``member.export_requested``)."""
    return await OutboxEvent.create(topic=topic, payload=payload, using_db=using)
