"""Dispatch and consumption through the real broker on Redis, with a worker in the test loop."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from jobs.broker import DELIVER_EVENT, enqueue
from jobs.consumers import CONSUMERS
from jobs.dispatcher import dispatch_once, send_event
from jobs.tasks import deliver_event
from models.outbox import JobRun, OutboxEvent, ProcessedMessage
from runtime.metrics import REGISTRY
from services import outbox
from services.jobs.dispatch import dispatch_batch, redeliver_stale
from tests.jobs.conftest import COUNTED_TOPIC, eventually


def _deliveries(outcome: str) -> float:
    return REGISTRY.get_sample_value("convoy_outbox_deliveries_total", {"outcome": outcome}) or 0


async def _record(n: int) -> OutboxEvent:
    async with in_transaction() as connection:
        return await outbox.record(COUNTED_TOPIC, {"n": n}, using=connection)


async def _processed(event: OutboxEvent) -> bool:
    await event.refresh_from_db()
    return event.processed_at is not None


async def test_dispatched_event_is_applied_by_the_worker(worker: Any, counted: Counter) -> None:
    # given
    event = await _record(1)
    # when
    sent = await dispatch_once()
    await eventually(lambda: _processed(event))
    # then
    assert sent == 1
    assert counted == {1: 1}
    assert await JobRun.filter(task=COUNTED_TOPIC).count() == 1
    assert await ProcessedMessage.filter(consumer=COUNTED_TOPIC, event_id=event.id).exists()
    assert event.dispatched_at is not None and event.attempts == 1
    assert REGISTRY.get_sample_value("convoy_outbox_pending") == 0


async def test_event_delivered_twice_is_applied_once(worker: Any, counted: Counter) -> None:
    # given
    event = await _record(7)
    duplicates_before = _deliveries("duplicate")
    # when: the broker carries the same event twice (a dispatcher crashed before marking)
    await enqueue(DELIVER_EVENT, event.id)
    await enqueue(DELIVER_EVENT, event.id)
    await eventually(lambda: _processed(event))
    await eventually(lambda: _deliveries("duplicate") == duplicates_before + 1)
    # then
    assert counted == {7: 1}
    assert await JobRun.filter(task=COUNTED_TOPIC).count() == 1


async def test_concurrent_deliveries_of_one_event_apply_it_once(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a slow consumer, so both deliveries pass the "already applied?" check first
    applied: list[int] = []

    async def slow(payload: dict[str, Any]) -> None:
        await asyncio.sleep(0.2)
        applied.append(payload["n"])
        await JobRun.create(task="test.slow", summary=payload)

    monkeypatch.setitem(CONSUMERS, "test.slow", slow)
    event = await outbox.record("test.slow", {"n": 5})
    # when
    outcomes = await asyncio.gather(deliver_event(event.id), deliver_event(event.id))
    # then
    assert sorted(outcomes) == ["applied", "duplicate"]
    assert applied == [5]
    assert await JobRun.filter(task="test.slow").count() == 1


async def test_failed_consumer_commits_nothing_and_is_retried(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a consumer that writes, then fails the first time
    calls: list[int] = []

    async def flaky(payload: dict[str, Any]) -> None:
        calls.append(payload["n"])
        await JobRun.create(task="test.flaky", summary=payload)
        if len(calls) == 1:
            raise RuntimeError("dealer system unreachable")

    monkeypatch.setitem(CONSUMERS, "test.flaky", flaky)
    event = await outbox.record("test.flaky", {"n": 3})
    sent_ids: list[int] = []

    async def send(event_id: int) -> None:
        sent_ids.append(event_id)
        await deliver_event(event_id)

    # when
    await dispatch_batch(send)
    await event.refresh_from_db()
    # then: the write was rolled back with the marker, the error is kept
    assert await JobRun.filter(task="test.flaky").count() == 0
    assert not await ProcessedMessage.filter(event_id=event.id).exists()
    assert event.processed_at is None
    assert event.last_error == "RuntimeError: dealer system unreachable"
    # when: the redelivery sweep finds it
    later = datetime.now(UTC) + timedelta(minutes=6)
    assert await redeliver_stale(send, now=later) == 1
    await event.refresh_from_db()
    # then
    assert sent_ids == [event.id, event.id]
    assert await JobRun.filter(task="test.flaky").count() == 1
    assert event.processed_at is not None and event.last_error is None
    assert event.attempts == 2
    assert await redeliver_stale(send, now=later + timedelta(minutes=6)) == 0


async def test_event_without_consumer_is_not_sent_again(app: Any) -> None:
    # given
    event = await outbox.record("nobody.listens", {})
    # when
    outcomes = [await deliver_event(event.id), await deliver_event(event.id)]
    # then
    assert outcomes == ["no_consumer", "duplicate"]
    later = datetime.now(UTC) + timedelta(hours=1)
    assert await redeliver_stale(send_event, now=later) == 0


async def test_purged_event_is_skipped(app: Any) -> None:
    assert await deliver_event(123456789) == "missing"
