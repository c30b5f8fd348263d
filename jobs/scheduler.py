"""The scheduler: enqueues each period of each scheduled job exactly once (``convoy scheduler``).

A plain loop rather than taskiq's ``TaskiqScheduler``: what makes a period run once, however
many schedulers tick, is the claim in the database (``ScheduledRun``, unique per job and
period), and the registry's schedules (every N, daily at a local time) are computed here
directly. The claim is made before the message is sent, so a claim whose message was lost (Redis
down) is re-sent by the recovery pass, and a duplicate message is skipped by the worker.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from datetime import datetime, timedelta

import structlog

import runtime
from jobs.broker import RUN_SCHEDULED, enqueue, start_broker
from jobs.catalog import load_jobs
from jobs.process import job_metrics, job_process, run_until_stopped
from jobs.registry import Job
from runtime.config import Settings
from services.core import clock
from services.jobs.runs import claim_period, reclaim_unstarted

log = structlog.get_logger("convoy.jobs")

TICK_INTERVAL = 5.0
RECOVERY_INTERVAL = 60.0
#: A claimed run no worker started within this long is taken to have lost its message.
RECOVER_AFTER = timedelta(minutes=10)


class Scheduler:
    """Decides what is due. ``jobs`` defaults to the whole registry."""

    def __init__(self, jobs: Iterable[Job] | None = None) -> None:
        self._jobs = list(jobs) if jobs is not None else None
        #: The last period this instance handled per job, so it claims each period only once.
        self._handled: dict[str, str] = {}

    async def tick(self, now: datetime | None = None) -> list[tuple[str, str]]:
        """Claim and enqueue every job period that is due and unclaimed. Returns what this
        scheduler enqueued."""
        now = now or clock.now()
        zone = runtime.settings().platform_timezone
        enqueued: list[tuple[str, str]] = []
        for job in self._jobs if self._jobs is not None else load_jobs().values():
            if job.schedule is None:
                continue
            period = job.schedule.period(now, zone)
            if period is None or self._handled.get(job.name) == period:
                continue
            if await claim_period(job.name, period):
                await enqueue(RUN_SCHEDULED, job.name, period)
                enqueued.append((job.name, period))
            self._handled[job.name] = period
        return enqueued

    async def recover(self, now: datetime | None = None) -> list[tuple[str, str]]:
        """Enqueue again the claimed runs whose message never reached a worker."""
        lost = await reclaim_unstarted(older_than=RECOVER_AFTER, now=now)
        for name, period in lost:
            log.warning("scheduler.requeued", task=name, period=period)
            await enqueue(RUN_SCHEDULED, name, period)
        return lost


async def run_scheduler_loop(*, interval: float = TICK_INTERVAL) -> None:
    """Tick until cancelled. Errors are logged, the next tick tries again."""
    scheduler = Scheduler()
    last_recovery = 0.0
    while True:
        try:
            for name, period in await scheduler.tick():
                log.info("scheduler.enqueued", task=name, period=period)
            if time.monotonic() - last_recovery >= RECOVERY_INTERVAL:
                await scheduler.recover()
                last_recovery = time.monotonic()
        except Exception:  # noqa: BLE001 - the database or Redis is away, try next tick
            log.exception("scheduler.tick_failed")
        await asyncio.sleep(interval)


async def schedule(settings: Settings | None = None) -> None:
    async with job_process(settings) as settings, job_metrics(settings):
        await start_broker()
        log.info("scheduler.started")
        await run_scheduler_loop()


def run_scheduler(*, settings: Settings | None = None) -> None:
    """Run a scheduler process until SIGTERM or Ctrl-C."""
    run_until_stopped(lambda: schedule(settings))
