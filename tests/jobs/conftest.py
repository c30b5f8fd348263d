"""Fixtures for job tests: a worker consuming the real broker in the test's event loop, and a
test-only outbox topic whose consumer counts what it applies."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from jobs.consumers import CONSUMERS
from jobs.worker import consume
from models.outbox import JobRun

COUNTED_TOPIC = "test.counted"


@pytest.fixture
async def worker(app: Any) -> AsyncIterator[asyncio.Task[None]]:
    """A job worker (stream consumer) running alongside the test."""
    task = asyncio.create_task(consume(concurrency=20))
    yield task
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counter[int]:
    """Registers a consumer for ``test.counted`` events ``{"n": int}``: it counts each
    application in memory and writes a ``JobRun`` row inside the consumer's transaction."""
    applied: Counter[int] = Counter()

    async def handler(payload: dict[str, Any]) -> None:
        applied[payload["n"]] += 1
        await JobRun.create(task=COUNTED_TOPIC, summary=payload)

    monkeypatch.setitem(CONSUMERS, COUNTED_TOPIC, handler)
    return applied


async def eventually(check: Callable[[], bool | Awaitable[bool]], *, within: float = 20.0) -> None:
    """Wait until ``check()`` holds (the worker runs concurrently), or fail."""
    deadline = asyncio.get_running_loop().time() + within
    while not await _holds(check):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.05)


async def _holds(check: Callable[[], bool | Awaitable[bool]]) -> bool:
    result = check()
    return await result if inspect.isawaitable(result) else result
