"""The dispatcher loop: drains the outbox into the broker and keeps the outbox gauges current.

Several may run (one per worker): they may send an event twice, never lose one (see
``services.jobs.dispatch``).
"""

from __future__ import annotations

import asyncio
import time

import structlog

from jobs.broker import DELIVER_EVENT, enqueue
from services import outbox
from services.jobs.dispatch import dispatch_batch, redeliver_stale

log = structlog.get_logger("convoy.jobs")

#: Pause when the outbox is empty (an event waits at most about this long to be sent).
IDLE_INTERVAL = 0.5
#: How often unapplied events are looked for and the gauges refreshed.
SWEEP_INTERVAL = 15.0


async def send_event(event_id: int) -> None:
    await enqueue(DELIVER_EVENT, event_id)


async def dispatch_once() -> int:
    """One pass: a batch of new events, then the stale ones, then the gauges."""
    sent = await dispatch_batch(send_event)
    sent += await redeliver_stale(send_event)
    await outbox.refresh_backlog_gauges()
    return sent


async def run_dispatcher(*, idle_interval: float = IDLE_INTERVAL) -> None:
    """Dispatch forever (until cancelled). Errors are logged and retried after a pause."""
    last_sweep = 0.0
    while True:
        try:
            sent = await dispatch_batch(send_event)
            if time.monotonic() - last_sweep >= SWEEP_INTERVAL:
                sent += await redeliver_stale(send_event)
                await outbox.refresh_backlog_gauges()
                last_sweep = time.monotonic()
        except Exception:  # noqa: BLE001 - keep dispatching once the database or Redis is back
            log.exception("outbox.dispatch_failed")
            sent = 0
            await asyncio.sleep(max(idle_interval, 1.0))
        if not sent:
            await asyncio.sleep(idle_interval)
