"""The taskiq broker: a Redis stream read by a consumer group, messages acked after the task.

Built lazily from the running settings (``runtime``) because the stream and group names
carry the deployment's Redis prefix (tests run in their own namespace). A worker that dies before
acking leaves its messages pending, and another worker claims them after ``IDLE_BEFORE_RECLAIM``.
"""

from __future__ import annotations

import os
import socket
from typing import Any

from taskiq import AsyncBroker
from taskiq.kicker import AsyncKicker
from taskiq_redis import RedisStreamBroker

import runtime
from runtime.redis_client import resolve_redis_url

#: A message unacked for this long is taken from its (presumably dead) worker by another.
IDLE_BEFORE_RECLAIM_MS = 10 * 60 * 1000
#: The stream is trimmed to about this many entries. A trimmed, never-applied outbox event is
#: sent again by the dispatcher's redelivery, and a lost scheduled run is re-enqueued.
STREAM_MAX_LENGTH = 100_000

#: The task names a message may carry (``jobs.tasks`` registers their functions on a worker).
DELIVER_EVENT = "convoy.deliver_event"
RUN_SCHEDULED = "convoy.run_scheduled"
TASK_NAMES = frozenset({DELIVER_EVENT, RUN_SCHEDULED})

_broker: AsyncBroker | None = None
_broker_identity: tuple[str, str] | None = None


def get_broker() -> AsyncBroker:
    """The broker of this process's deployment (settings and Redis from ``runtime``). It sends
    by task name; a worker registers the task functions on it (``jobs.tasks.register``)."""
    global _broker, _broker_identity
    settings = runtime.settings()
    url = resolve_redis_url(settings)
    identity = (url, settings.redis_prefix)
    if _broker is None or _broker_identity != identity:
        broker = RedisStreamBroker(
            url,
            queue_name=runtime.key("jobs", "stream"),
            consumer_group_name=runtime.key("jobs", "workers"),
            # "0": a group created after tasks were sent still reads them.
            consumer_id="0",
            consumer_name=f"{socket.gethostname()}-{os.getpid()}",
            maxlen=STREAM_MAX_LENGTH,
            idle_timeout=IDLE_BEFORE_RECLAIM_MS,
            unacknowledged_lock_timeout=30,
        )
        _broker, _broker_identity = broker, identity
    return _broker


async def start_broker() -> AsyncBroker:
    """The broker, with its stream and consumer group declared (idempotent)."""
    broker = get_broker()
    await broker.startup()
    return broker


async def close_broker() -> None:
    global _broker, _broker_identity
    if _broker is not None:
        broker, _broker, _broker_identity = _broker, None, None
        await broker.shutdown()


async def enqueue(task_name: str, *args: Any) -> None:
    """Send one task to the workers (returns once Redis has the message)."""
    if task_name not in TASK_NAMES:  # pragma: no cover - senders use the names above
        raise LookupError(task_name)
    await AsyncKicker(task_name=task_name, broker=get_broker(), labels={}).kiq(*args)
