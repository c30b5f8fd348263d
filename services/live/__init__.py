"""Live messages between processes: publish to a topic, subscribe to it anywhere.

A topic is a Redis pub/sub channel in this deployment's namespace (``topic("member", 42)`` is
``<prefix>live:member:42``). ``publish`` goes through Redis even when the subscriber sits in
the same process, so a client connected to one API process receives what any other process
(API, worker, scheduler, CLI) produced.

Live messages are a notice, not the record: whatever they announce is committed to the
database first, and a client that (re)connects re-reads the database. Delivery is at most once.

Subscribing needs a ``LiveHub``: the WebSocket app owns one per process and binds it with
``use_hub`` around each connection, so resolvers simply write
``async for message in live.subscribe(topic): ...``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Iterable, Iterator
from contextvars import ContextVar
from typing import Any

import structlog
from redis.exceptions import RedisError

import runtime
from services.live.hub import HubClosed, LiveHub, Message, Subscription

__all__ = [
    "HubClosed",
    "LiveHub",
    "Message",
    "Subscription",
    "current_hub",
    "member_topic",
    "publish",
    "publish_many",
    "subscribe",
    "topic",
    "use_hub",
]

log = structlog.get_logger("convoy.live")

_hub: ContextVar[LiveHub | None] = ContextVar("convoy_live_hub", default=None)


def topic(*parts: object) -> str:
    """The channel of a live topic, e.g. ``topic("event", event_id)``."""
    return runtime.key("live", *parts)


def member_topic(member_id: int) -> str:
    """Everything addressed to one member (messages carry a ``type`` to tell them apart)."""
    return topic("member", member_id)


def _encode(message: Message) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"), default=str)


async def publish(channel: str, message: Message) -> bool:
    """Publish ``message`` (JSON-serialisable) on ``channel``. Best effort: a Redis failure is
    logged and reported as False, never raised, because the change it announces is already
    committed."""
    try:
        await runtime.redis().publish(channel, _encode(message))
    except (RedisError, OSError) as exc:
        log.warning("live.publish_failed", channel=channel, error=type(exc).__name__)
        return False
    return True


async def publish_many(messages: Iterable[tuple[str, Message]], *, chunk: int = 500) -> bool:
    """Publish many (channel, message) pairs, ``chunk`` per Redis round trip. Best effort like
    ``publish``."""
    batch: list[tuple[str, Message]] = []
    ok = True
    for item in messages:
        batch.append(item)
        if len(batch) >= chunk:
            ok = await _publish_batch(batch) and ok
            batch = []
    if batch:
        ok = await _publish_batch(batch) and ok
    return ok


async def _publish_batch(batch: list[tuple[str, Message]]) -> bool:
    try:
        async with runtime.redis().pipeline(transaction=False) as pipe:
            for channel, message in batch:
                pipe.publish(channel, _encode(message))
            await pipe.execute()
    except (RedisError, OSError) as exc:
        log.warning("live.publish_failed", messages=len(batch), error=type(exc).__name__)
        return False
    return True


@contextlib.contextmanager
def use_hub(hub: LiveHub) -> Iterator[None]:
    """Make ``hub`` the one ``subscribe`` uses in this context (and the tasks it starts)."""
    token = _hub.set(hub)
    try:
        yield
    finally:
        _hub.reset(token)


def current_hub() -> LiveHub:
    hub = _hub.get()
    if hub is None:
        raise RuntimeError("no live hub is bound here (see services.live.use_hub)")
    return hub


def subscribe(channel: str) -> AsyncIterator[Any]:
    """Messages published on ``channel`` from the first iteration on, through the bound hub."""
    return current_hub().subscribe(channel)
