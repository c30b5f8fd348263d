"""The taskiq tasks: what a worker does with a message. Both are safe to receive twice."""

from __future__ import annotations

import structlog
from taskiq import AsyncBroker

from jobs.broker import DELIVER_EVENT, RUN_SCHEDULED
from jobs.consumers import CONSUMERS, RECORDED_ONLY
from jobs.execution import execute
from runtime.metrics import OUTBOX_DELIVERIES
from services.jobs.consume import apply_event
from services.jobs.runs import finish_run, start_run

log = structlog.get_logger("convoy.jobs")


async def deliver_event(event_id: int) -> str:
    """Apply outbox event ``event_id`` with its topic's consumer, at most once."""
    outcome = await apply_event(event_id, CONSUMERS, RECORDED_ONLY)
    OUTBOX_DELIVERIES.labels(outcome.value).inc()
    return outcome.value


async def run_scheduled(name: str, period: str) -> bool:
    """Run the claimed ``period`` of job ``name``, unless a duplicate of this message already
    started it. Returns whether this call ran the job."""
    if not await start_run(name, period):
        log.info("job.already_started", task=name, period=period)
        return False
    await execute(name)
    await finish_run(name, period)
    return True


def register(broker: AsyncBroker) -> None:
    """Let ``broker`` run both tasks (a worker does this before it listens; idempotent)."""
    broker.register_task(deliver_event, task_name=DELIVER_EVENT)
    broker.register_task(run_scheduled, task_name=RUN_SCHEDULED)
