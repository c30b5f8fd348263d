"""Applying an outbox event: at most once per consumer, whatever the number of deliveries.

Choice: the consumer's marker (``ProcessedMessage``, unique per consumer and event) is inserted
in the same transaction as the handler's database writes and ``processed_at``. A second delivery
fails on the marker and skips the handler: on PostgreSQL a concurrent duplicate waits on the
unique index until the first commits (then skips) or rolls back (then applies). A failed handler
rolls everything back, including the marker, so a later delivery tries again. Effects outside
the database (files, Redis) are not covered by the transaction and must be idempotent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Mapping
from enum import StrEnum
from typing import Any

import structlog
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.outbox import OutboxEvent, ProcessedMessage
from services.core import clock

log = structlog.get_logger("convoy.outbox")

#: Applies one event's payload. Its database writes join the caller's transaction.
Handler = Callable[[dict[str, Any]], Awaitable[None]]


class Outcome(StrEnum):
    APPLIED = "applied"
    #: Already applied by an earlier delivery, nothing done.
    DUPLICATE = "duplicate"
    #: The event no longer exists (purged), nothing done.
    MISSING = "missing"
    #: No consumer handles the topic: marked processed so it is not sent again.
    NO_CONSUMER = "no_consumer"
    #: The handler raised: nothing committed, the error is kept on the event.
    FAILED = "failed"


class _AlreadyApplied(Exception):
    pass


async def apply_event(
    event_id: int, consumers: Mapping[str, Handler], recorded_only: Collection[str] = ()
) -> Outcome:
    """Run the consumer of event ``event_id`` unless it has already been applied. A topic in
    ``recorded_only`` has no consumer by design (kept as history): marked processed quietly;
    any other topic without one is a real problem and logged as a warning.

    Guarantees: the handler's database writes, the consumer marker and ``processed_at`` commit
    together or not at all, and a given event's handler commits at most once."""
    event = await OutboxEvent.get_or_none(id=event_id)
    if event is None:
        return Outcome.MISSING
    if event.processed_at is not None:
        return Outcome.DUPLICATE
    handler = consumers.get(event.topic)
    if handler is None:
        await OutboxEvent.filter(id=event.id, processed_at=None).update(processed_at=clock.now())
        if event.topic in recorded_only:
            log.debug("outbox.recorded_only", topic=event.topic, event_id=event.id)
        else:
            log.warning("outbox.no_consumer", topic=event.topic, event_id=event.id)
        return Outcome.NO_CONSUMER
    try:
        async with in_transaction() as connection:
            try:
                await ProcessedMessage.create(
                    consumer=event.topic, event_id=event.id, using_db=connection
                )
            except IntegrityError:
                raise _AlreadyApplied from None
            await handler(dict(event.payload))
            await (
                OutboxEvent.filter(id=event.id)
                .using_db(connection)
                .update(processed_at=clock.now(), last_error=None)
            )
    except _AlreadyApplied:
        return Outcome.DUPLICATE
    except Exception as exc:  # noqa: BLE001 - any handler failure is retried by redelivery
        log.exception("outbox.consumer_failed", topic=event.topic, event_id=event.id)
        await OutboxEvent.filter(id=event.id).update(
            last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return Outcome.FAILED
    return Outcome.APPLIED
