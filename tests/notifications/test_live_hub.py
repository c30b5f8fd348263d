"""The live hub: one Redis pub/sub connection shared by every subscriber of a process."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

import runtime
from runtime.redis_client import connect
from services import live
from tests.notifications.support import WAIT, wait_for_subscribers


@pytest.fixture
async def hub(settings: Any) -> AsyncIterator[live.LiveHub]:
    name = f"convoy-test-hub-{uuid.uuid4().hex[:8]}"
    hub = live.LiveHub(
        lambda: connect(settings.redis_url, client_name=name),
        anchor=lambda suffix: live.topic("hub", suffix),
        queue_size=3,
    )
    hub.client_name = name  # type: ignore[attr-defined]
    yield hub
    await hub.close()


async def test_subscribers_of_many_topics_share_one_connection(hub: live.LiveHub) -> None:
    # given
    first, second = live.topic("test", "a"), live.topic("test", "b")
    async with (
        hub.subscription(first) as a1,
        hub.subscription(first) as a2,
        hub.subscription(second) as b1,
    ):
        # when
        await live.publish(first, {"n": 1})
        await live.publish(second, {"n": 2})
        # then
        received = [await asyncio.wait_for(anext(s), WAIT) for s in (a1, a2, b1)]
        assert received == [{"n": 1}, {"n": 1}, {"n": 2}]
        assert await _connections(hub.client_name) == 1  # type: ignore[attr-defined]
        [(_, on_first)] = await runtime.redis().pubsub_numsub(first)
        assert on_first == 1
    await wait_for_subscribers(first, count=0)
    await wait_for_subscribers(second, count=0)


async def test_topic_stays_subscribed_while_one_local_subscriber_remains(
    hub: live.LiveHub,
) -> None:
    topic = live.topic("test", "c")
    async with hub.subscription(topic) as staying:
        async with hub.subscription(topic):
            pass
        # when
        await live.publish(topic, {"still": "here"})
        # then
        assert await asyncio.wait_for(anext(staying), WAIT) == {"still": "here"}


async def test_a_subscriber_that_falls_behind_is_ended(hub: live.LiveHub) -> None:
    topic = live.topic("test", "slow")
    async with hub.subscription(topic) as slow, hub.subscription(topic) as keeping_up:
        # when: more messages than the queue holds arrive before the slow one reads
        for n in range(4):
            await live.publish(topic, {"n": n})
            assert await asyncio.wait_for(anext(keeping_up), WAIT) == {"n": n}
        # then
        with pytest.raises(StopAsyncIteration):
            await anext(slow)
        assert slow.overflowed


async def test_a_lost_redis_connection_ends_the_streams(hub: live.LiveHub) -> None:
    topic = live.topic("test", "drop")
    async with hub.subscription(topic) as messages:
        # when
        await _kill(hub.client_name)  # type: ignore[attr-defined]
        # then: the client learns it may have missed messages
        async with asyncio.timeout(WAIT):
            assert [message async for message in messages] == []
    # and the hub recovers for new subscribers
    async with hub.subscription(topic) as again:
        await live.publish(topic, {"after": "reconnect"})
        assert await asyncio.wait_for(anext(again), WAIT) == {"after": "reconnect"}


async def test_closing_the_hub_ends_every_stream(settings: Any) -> None:
    hub = live.LiveHub(
        lambda: connect(settings.redis_url), anchor=lambda suffix: live.topic("hub", suffix)
    )
    topic = live.topic("test", "close")
    async with hub.subscription(topic) as messages:
        reader = asyncio.create_task(anext(messages, None))
        # when
        await hub.close()
        # then
        assert await asyncio.wait_for(reader, WAIT) is None
    with pytest.raises(live.HubClosed):
        async with hub.subscription(topic):
            pass


async def _clients(name: str) -> list[dict[str, Any]]:
    return [c for c in await runtime.redis().client_list() if c.get("name") == name]


async def _connections(name: str) -> int:
    return len(await _clients(name))


async def _kill(name: str) -> None:
    for client in await _clients(name):
        await runtime.redis().client_kill_filter(_id=client["id"])
