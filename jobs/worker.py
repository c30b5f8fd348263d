"""The job worker: consumes the broker's stream, drains the outbox and keeps watched
leaderboards live (``convoy worker``)."""

from __future__ import annotations

import asyncio

import structlog
from taskiq.receiver import Receiver

from jobs.broker import start_broker
from jobs.dispatcher import run_dispatcher
from jobs.process import job_metrics, job_process, run_until_stopped
from jobs.rankings import run_live_rankings
from jobs.tasks import register
from runtime.config import Settings

log = structlog.get_logger("convoy.jobs")


async def consume(*, concurrency: int = 10) -> None:
    """Execute tasks from the stream until cancelled, ``concurrency`` at a time. A message is
    acked only after its task ran, so a worker that dies mid-task leaves it to another."""
    while True:
        broker = await start_broker()  # (re)declares the stream and the consumer group
        register(broker)
        broker.is_worker_process = True
        receiver = Receiver(broker, run_startup=False, max_async_tasks=concurrency)
        try:
            await receiver.listen(asyncio.Event())
        except Exception:  # noqa: BLE001 - Redis went away: listen again once it is back
            log.exception("worker.listen_failed")
            await asyncio.sleep(1)


async def work(*, concurrency: int, settings: Settings | None = None) -> None:
    async with job_process(settings) as settings, job_metrics(settings):
        log.info("worker.started", concurrency=concurrency)
        await asyncio.gather(
            consume(concurrency=concurrency), run_dispatcher(), run_live_rankings()
        )


def run_worker(concurrency: int = 10, *, settings: Settings | None = None) -> None:
    """Run a worker process until SIGTERM or Ctrl-C."""
    run_until_stopped(lambda: work(concurrency=concurrency, settings=settings))
