"""Two dispatchers draining one outbox at once: duplicates allowed, no loss, no double effect."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from jobs.dispatcher import send_event
from models.outbox import JobRun, OutboxEvent
from services import outbox
from services.jobs.dispatch import dispatch_batch
from tests.jobs.conftest import COUNTED_TOPIC, eventually

EVENTS = 200


async def _dispatcher() -> int:
    sent = 0
    while batch := await dispatch_batch(send_event, batch_size=25):
        sent += batch
    return sent


async def _all_applied() -> bool:
    return not await OutboxEvent.filter(processed_at=None).exists()


async def test_two_dispatchers_lose_nothing_and_apply_each_event_once(
    worker: Any, counted: Counter
) -> None:
    # given
    await OutboxEvent.bulk_create(
        [OutboxEvent(topic=COUNTED_TOPIC, payload={"n": n}) for n in range(EVENTS)]
    )
    # when
    sent = await asyncio.gather(_dispatcher(), _dispatcher())
    await eventually(_all_applied)
    # then
    assert sum(sent) >= EVENTS
    assert counted == dict.fromkeys(range(EVENTS), 1)
    assert await JobRun.filter(task=COUNTED_TOPIC).count() == EVENTS
    assert not await OutboxEvent.filter(dispatched_at=None).exists()
    assert (await outbox.backlog()).pending == 0
