"""Start-up and shut-down of a job process (worker, scheduler, ``convoy run-job``): the ORM,
the shared runtime (settings, Redis) and the broker."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable

from tortoise import Tortoise

import runtime
from jobs.broker import close_broker
from runtime.config import Settings, get_settings
from runtime.database import tortoise_config
from runtime.logs import configure_logging
from runtime.metrics_server import metrics_listener
from runtime.redis_client import connect, resolve_redis_url
from services import outbox


def _already_running() -> bool:
    try:
        runtime.current()
    except RuntimeError:
        return False
    return Tortoise.is_inited()


@contextlib.asynccontextmanager
async def job_process(
    settings: Settings | None = None, *, log_level: int = logging.INFO
) -> AsyncIterator[Settings]:
    """Initialise what jobs need, and close it on exit. Inside a process that already has them
    (the API in embedded mode, tests) it reuses them and closes nothing."""
    if _already_running():
        yield runtime.settings()
        return
    settings = settings or get_settings()
    configure_logging(json_logs=settings.json_logs, level=log_level)
    redis = connect(resolve_redis_url(settings))
    runtime.configure(settings, redis)
    await Tortoise.init(config=tortoise_config(settings.database_url), _enable_global_fallback=True)
    try:
        yield settings
    finally:
        await close_broker()
        await Tortoise.close_connections()
        await redis.aclose()


@contextlib.asynccontextmanager
async def job_metrics(settings: Settings) -> AsyncIterator[None]:
    """This process's ``/metrics`` on ``JOB_METRICS_HOST:JOB_METRICS_PORT`` while the block
    runs (none without a port), behind ``METRICS_TOKEN`` like the API's."""
    async with metrics_listener(
        settings.job_metrics_host,
        settings.job_metrics_port,
        token=settings.metrics_token,
        open_without=settings.metrics_open,
        refresh=outbox.refresh_backlog_gauges,
    ):
        yield


def run_until_stopped(main: Callable[[], Awaitable[None]]) -> None:
    """Run ``main`` until it returns or the process gets SIGTERM, SIGHUP or Ctrl-C, then shut down
    cleanly (the current task is cancelled, so ``finally`` blocks run)."""

    async def supervised() -> None:
        task = asyncio.current_task()
        assert task is not None
        for stopping in (signal.SIGTERM, signal.SIGHUP):
            asyncio.get_running_loop().add_signal_handler(stopping, task.cancel)
        with contextlib.suppress(asyncio.CancelledError):
            await main()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(supervised())
