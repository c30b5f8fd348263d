"""Job worker and scheduler running inside the API process (embedded mode)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from typing import Any

from jobs.broker import close_broker, start_broker
from jobs.dispatcher import run_dispatcher
from jobs.rankings import run_live_rankings
from jobs.scheduler import run_scheduler_loop
from jobs.worker import consume

#: Tasks run at once by the in-process worker.
EMBEDDED_CONCURRENCY = 4


async def start_embedded_workers() -> list[asyncio.Task[None]]:
    """Start, in the running loop, a consumer of the broker, the outbox dispatcher, the
    scheduler and the live leaderboard applier. The API's lifespan cancels the returned tasks
    at shutdown. Needs the ORM and ``runtime`` set up already (the lifespan does that first)."""
    await start_broker()
    return [
        asyncio.create_task(_closing_broker(consume(concurrency=EMBEDDED_CONCURRENCY))),
        asyncio.create_task(run_dispatcher()),
        asyncio.create_task(run_scheduler_loop()),
        asyncio.create_task(run_live_rankings()),
    ]


async def _closing_broker(work: Coroutine[Any, Any, None]) -> None:
    try:
        await work
    finally:
        with contextlib.suppress(Exception):
            await close_broker()
