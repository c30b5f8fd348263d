"""Moving outbox events to the broker: send first, then mark, so nothing is ever lost.

A crash between the send and the mark re-sends the event later, two dispatchers running at once
may both send it: consumers deduplicate (``services.jobs.consume``), so delivery is at least
once and the effect exactly once. Events sent but still not applied after ``redeliver_after``
(the message was lost with Redis, or the consumer failed) are sent again, up to
``outbox.MAX_ATTEMPTS`` times.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import cast

from tortoise.expressions import F

from models.outbox import OutboxEvent
from services.core import clock
from services.jobs import Progress
from services.outbox import MAX_ATTEMPTS

#: Hands one event id to the broker. Raises when the broker did not take it.
Send = Callable[[int], Awaitable[None]]

REDELIVER_AFTER = timedelta(minutes=5)


async def dispatch_batch(send: Send, *, batch_size: int = 200) -> int:
    """Send up to ``batch_size`` undispatched events in id order, then mark them dispatched.
    Returns how many were sent (0 when the outbox is drained)."""
    pending = OutboxEvent.filter(dispatched_at=None).order_by("id").limit(batch_size)
    ids = cast(list[int], await pending.values_list("id", flat=True))
    sent: list[int] = []
    try:
        for event_id in ids:
            await send(event_id)
            sent.append(event_id)
    finally:
        # Mark what did go out even when the broker failed half-way through the batch.
        if sent:
            await OutboxEvent.filter(id__in=sent, dispatched_at=None).update(
                dispatched_at=clock.now(), attempts=F("attempts") + 1
            )
    return len(sent)


async def redeliver_stale(
    send: Send,
    *,
    redeliver_after: timedelta = REDELIVER_AFTER,
    batch_size: int = 200,
    now: datetime | None = None,
) -> int:
    """Send again the events handed to the broker more than ``redeliver_after`` ago that no
    consumer has applied yet. Returns how many were sent."""
    cutoff = (now or clock.now()) - redeliver_after
    stale = OutboxEvent.filter(
        processed_at=None, dispatched_at__lte=cutoff, attempts__lt=MAX_ATTEMPTS
    )
    ids = cast(list[int], await stale.order_by("id").limit(batch_size).values_list("id", flat=True))
    for event_id in ids:
        await send(event_id)
    if ids:
        # The cutoff condition keeps a concurrent dispatcher from counting the attempt twice.
        await OutboxEvent.filter(id__in=ids, dispatched_at__lte=cutoff).update(
            dispatched_at=clock.now(), attempts=F("attempts") + 1
        )
    return len(ids)


async def drain(send: Send, *, batch_size: int = 200, progress: Progress | None = None) -> int:
    """Dispatch until the outbox is empty (events recorded meanwhile included)."""
    total = await OutboxEvent.filter(dispatched_at=None).count()
    done = 0
    if progress:
        progress(0, total)
    while sent := await dispatch_batch(send, batch_size=batch_size):
        done += sent
        total = max(total, done)
        if progress:
            progress(done, total)
    return done
