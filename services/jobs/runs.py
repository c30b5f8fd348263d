"""Bookkeeping of job executions and of the once-per-period claims of scheduled jobs."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from models.outbox import JobRun, ScheduledRun
from services.core import clock

#: A run started this long ago and never finished is taken to have died with its worker.
RUN_LEASE = timedelta(minutes=30)


async def record_run(
    task: str, *, started_at: datetime, duration_ms: int, ok: bool, summary: dict[str, Any]
) -> JobRun:
    """Append one execution to the job history."""
    return await JobRun.create(
        task=task, started_at=started_at, duration_ms=duration_ms, ok=ok, summary=summary
    )


async def claim_period(task: str, period: str) -> bool:
    """Claim ``period`` of ``task`` for this scheduler. The unique (task, period) key makes
    every other claim of the same period fail, so exactly one scheduler enqueues it."""
    try:
        await ScheduledRun.create(task=task, period=period)
    except IntegrityError:
        return False
    return True


async def start_run(task: str, period: str, *, now: datetime | None = None) -> bool:
    """Mark a claimed run started. False when another worker already started it (a duplicate
    delivery of the message) and that worker is not presumed dead."""
    now = now or clock.now()
    not_running = Q(started_at=None) | Q(finished_at=None, started_at__lt=now - RUN_LEASE)
    started = await (
        ScheduledRun.filter(task=task, period=period).filter(not_running).update(started_at=now)
    )
    return started == 1


async def finish_run(task: str, period: str) -> None:
    await ScheduledRun.filter(task=task, period=period).update(finished_at=clock.now())


async def reclaim_unstarted(
    *, older_than: timedelta, now: datetime | None = None
) -> list[tuple[str, str]]:
    """Claims enqueued more than ``older_than`` ago (within the last day) that no worker has
    started: their message was lost with Redis. Each is handed to exactly one caller, which
    enqueues it again."""
    now = now or clock.now()
    cutoff = now - older_than
    lost = ScheduledRun.filter(
        started_at=None, claimed_at__lt=cutoff, claimed_at__gte=now - timedelta(days=1)
    )
    reclaimed: list[tuple[str, str]] = []
    for run in await lost.order_by("id").limit(100):
        # The cutoff condition lets only one of several schedulers move claimed_at forward.
        if await lost.filter(id=run.id).update(claimed_at=now):
            reclaimed.append((run.task, run.period))
    return reclaimed
