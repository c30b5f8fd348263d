"""The transactional outbox: domain events recorded with the change that caused them.

Call ``record`` inside the same ``in_transaction()`` block as the write it describes. A
dispatcher (``services.jobs.dispatch``) later hands undispatched events to the broker, and the
consumer side (``services.jobs.consume``) applies each event at most once (``ProcessedMessage``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from models.outbox import OutboxEvent, ProcessedMessage
from runtime import metrics
from services.core import clock

#: Events handed to the broker this many times without being applied are left for a person.
MAX_ATTEMPTS = 10


async def record(
    topic: str, payload: dict[str, Any], *, using: BaseDBAsyncClient | None = None
) -> OutboxEvent:
    """Append a domain event (``topic`` like ``member.export_requested``)."""
    return await OutboxEvent.create(topic=topic, payload=payload, using_db=using)


@dataclass(frozen=True)
class Backlog:
    #: Events not yet handed to the broker.
    pending: int
    #: Age of the oldest of them (0 when drained).
    lag_seconds: float
    #: Events that reached ``MAX_ATTEMPTS`` without being applied.
    dead: int


async def backlog(*, now: datetime | None = None) -> Backlog:
    """How far the dispatcher is behind, for the ``/metrics`` gauges (three indexed queries)."""
    now = now or clock.now()
    undispatched = OutboxEvent.filter(dispatched_at=None)
    pending = await undispatched.count()
    oldest = await undispatched.order_by("id").first().values_list("created_at", flat=True)
    dead = await OutboxEvent.filter(processed_at=None, attempts__gte=MAX_ATTEMPTS).count()
    lag = max((now - oldest).total_seconds(), 0.0) if isinstance(oldest, datetime) else 0.0
    return Backlog(pending=pending, lag_seconds=lag, dead=dead)


async def refresh_backlog_gauges() -> None:
    """Read the outbox backlog from the database into the metrics, so every process serving
    ``/metrics`` shows it, whichever process dispatches."""
    current = await backlog()
    metrics.OUTBOX_PENDING.set(current.pending)
    metrics.OUTBOX_LAG.set(current.lag_seconds)
    metrics.OUTBOX_DEAD.set(current.dead)


async def purge(
    *,
    keep: timedelta = timedelta(days=7),
    keep_dead: timedelta = timedelta(days=30),
    chunk: int = 1000,
    now: datetime | None = None,
) -> dict[str, int]:
    """Delete events applied more than ``keep`` ago with their consumer markers, and events
    that never could be applied once older than ``keep_dead``. Runs in chunks of ``chunk`` rows
    so it never holds a long lock, and a second run finds nothing."""
    now = now or clock.now()
    applied = await _delete_in_chunks(
        OutboxEvent.filter(processed_at__lt=now - keep), OutboxEvent, chunk
    )
    dead = await _delete_in_chunks(
        OutboxEvent.filter(
            processed_at=None, attempts__gte=MAX_ATTEMPTS, created_at__lt=now - keep_dead
        ),
        OutboxEvent,
        chunk,
    )
    markers = await _delete_in_chunks(
        ProcessedMessage.filter(processed_at__lt=now - keep), ProcessedMessage, chunk
    )
    return {"events": applied, "dead_events": dead, "markers": markers}


async def _delete_in_chunks(query: Any, model: Any, chunk: int) -> int:
    deleted = 0
    while True:
        ids = await query.order_by("id").limit(chunk).values_list("id", flat=True)
        if not ids:
            return deleted
        deleted += await model.filter(id__in=ids).delete()
