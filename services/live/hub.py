"""The per-process hub: one Redis pub/sub connection multiplexed over every live subscriber.

A WebSocket subscriber does not open its own Redis connection. It asks the hub for a topic; the
hub sends ``SUBSCRIBE`` when the first local subscriber of that topic arrives, waits for Redis to
confirm it (so nothing published afterwards is missed), fans each message out to the local
subscribers' queues and sends ``UNSUBSCRIBE`` when the last one leaves.

Delivery is at most once. A subscriber whose queue overflows, and every subscriber when the
Redis connection drops, sees its stream end: it may have missed messages, so the client
subscribes again and re-reads the truth from the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections import deque
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

import structlog
from redis.exceptions import RedisError

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.asyncio.client import PubSub

log = structlog.get_logger("convoy.live")

Message = dict[str, Any]

#: Seconds one blocking read waits before looping (also paces the connection health check).
POLL_SECONDS = 10.0


class HubClosed(RuntimeError):
    """The hub was closed (the app is shutting down)."""


class Subscription:
    """The messages of one topic for one subscriber, in publish order."""

    def __init__(self, topic: str, queue_size: int) -> None:
        self.topic = topic
        self._queue: asyncio.Queue[Message | None] = asyncio.Queue(queue_size)
        self._closed = False
        #: True when the subscriber fell behind and messages were dropped.
        self.overflowed = False

    def deliver(self, message: Message) -> None:
        if self._closed:
            return
        try:
            self._queue.put_nowait(message)
        except asyncio.QueueFull:
            self.overflowed = True
            self._closed = True
            log.warning("live.subscriber_overflow", topic=self.topic)

    def end(self) -> None:
        """Stop the stream once what is already queued has been read."""
        self._closed = True
        with contextlib.suppress(asyncio.QueueFull):
            self._queue.put_nowait(None)

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> Message:
        if self.overflowed or (self._closed and self._queue.empty()):
            raise StopAsyncIteration
        message = await self._queue.get()
        if message is None:
            raise StopAsyncIteration
        return message


class LiveHub:
    """Fans Redis pub/sub messages out to local subscribers over one connection.

    ``connect`` builds the Redis client the hub owns (with ``decode_responses``); it is called
    on first use, so an app that never serves a subscription never opens the connection.
    ``anchor`` names a private channel the connection always listens to, which keeps it in
    subscriber mode between real subscriptions."""

    def __init__(
        self,
        connect: Callable[[], Redis],
        *,
        anchor: Callable[[str], str],
        queue_size: int = 100,
        confirm_timeout: float = 5.0,
    ) -> None:
        self._connect = connect
        self._anchor_of = anchor
        self._anchor = ""
        self._queue_size = queue_size
        self._confirm_timeout = confirm_timeout
        self._redis: Redis | None = None
        self._pubsub: PubSub | None = None
        self._reader: asyncio.Task[None] | None = None
        self._subscribers: dict[str, set[Subscription]] = {}
        #: Outstanding SUBSCRIBE commands per topic, confirmed by Redis in order.
        self._unconfirmed: dict[str, deque[asyncio.Future[None]]] = {}
        #: The confirmation the subscribers of a topic wait for before they are live.
        self._ready: dict[str, asyncio.Future[None]] = {}
        self._lock = asyncio.Lock()
        self._closed = False

    @property
    def topics(self) -> list[str]:
        """Topics with at least one local subscriber."""
        return list(self._subscribers)

    async def subscribe(self, topic: str) -> AsyncIterator[Message]:
        """Messages published to ``topic`` from now on (an async generator)."""
        async with self.subscription(topic) as messages:
            async for message in messages:
                yield message

    @contextlib.asynccontextmanager
    async def subscription(self, topic: str) -> AsyncIterator[Subscription]:
        """Subscribed (confirmed by Redis) on entry, unsubscribed on exit."""
        subscription = await self._add(topic)
        try:
            yield subscription
        finally:
            subscription.end()
            await asyncio.shield(self._remove(subscription))

    async def close(self) -> None:
        """End every subscription and release the Redis connection."""
        self._closed = True
        self._end_all()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        if self._pubsub is not None:
            await self._pubsub.aclose()
        if self._redis is not None:
            await self._redis.aclose()
        self._reader = self._pubsub = self._redis = None

    # -- subscribe / unsubscribe ------------------------------------------------------------

    async def _add(self, topic: str) -> Subscription:
        subscription = Subscription(topic, self._queue_size)
        async with self._lock:
            if self._closed:
                raise HubClosed("the live hub is closed")
            pubsub = await self._started()
            subscribers = self._subscribers.get(topic)
            if subscribers is None:
                confirmed = asyncio.get_running_loop().create_future()
                self._unconfirmed.setdefault(topic, deque()).append(confirmed)
                try:
                    await pubsub.subscribe(topic)
                except BaseException:
                    self._unconfirmed[topic].remove(confirmed)
                    raise
                self._ready[topic] = confirmed
                subscribers = self._subscribers[topic] = set()
            subscribers.add(subscription)
            ready = self._ready[topic]
        try:
            await asyncio.wait_for(asyncio.shield(ready), self._confirm_timeout)
        except BaseException:
            subscription.end()
            await asyncio.shield(self._remove(subscription))
            raise
        return subscription

    async def _remove(self, subscription: Subscription) -> None:
        async with self._lock:
            subscribers = self._subscribers.get(subscription.topic)
            if subscribers is None or subscription not in subscribers:
                return
            subscribers.discard(subscription)
            if subscribers:
                return
            del self._subscribers[subscription.topic]
            self._ready.pop(subscription.topic, None)
            if self._pubsub is not None and not self._closed:
                try:
                    await self._pubsub.unsubscribe(subscription.topic)
                except (RedisError, OSError) as exc:
                    log.warning("live.unsubscribe_failed", error=type(exc).__name__)

    async def _started(self) -> PubSub:
        if self._pubsub is None:
            self._anchor = self._anchor_of(uuid.uuid4().hex)
            self._redis = self._connect()
            pubsub = self._redis.pubsub()
            await pubsub.subscribe(self._anchor)
            assert pubsub.connection is not None
            pubsub.connection.register_connect_callback(self._on_reconnect)
            self._pubsub = pubsub
            self._reader = asyncio.create_task(self._read(pubsub), name="live-hub-reader")
        return self._pubsub

    # -- the reader ---------------------------------------------------------------------------

    async def _read(self, pubsub: PubSub) -> None:
        backoff = 0.1
        while True:
            try:
                message = await pubsub.get_message(timeout=POLL_SECONDS)
            except (RedisError, OSError) as exc:
                log.warning("live.connection_lost", error=type(exc).__name__)
                self._end_all()
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            backoff = 0.1
            if message is not None:
                self._dispatch(message)

    def _dispatch(self, message: Message) -> None:
        kind, topic = message["type"], message["channel"]
        if kind == "subscribe":
            waiting = self._unconfirmed.get(topic)
            if waiting:
                confirmed = waiting.popleft()
                if not confirmed.done():
                    confirmed.set_result(None)
                if not waiting:
                    del self._unconfirmed[topic]
            return
        if kind != "message" or topic == self._anchor:
            return
        subscribers = self._subscribers.get(topic)
        if not subscribers:
            return
        try:
            decoded = json.loads(message["data"])
        except ValueError:
            log.warning("live.undecodable_message", topic=topic)
            return
        for subscription in list(subscribers):
            subscription.deliver(decoded)

    def _on_reconnect(self, connection: Any) -> None:
        """Messages published while the connection was down are lost: end the streams so the
        clients re-subscribe and re-read."""
        log.warning("live.reconnected", subscribers=sum(map(len, self._subscribers.values())))
        self._end_all()

    def _end_all(self) -> None:
        for subscribers in self._subscribers.values():
            for subscription in subscribers:
                subscription.end()
