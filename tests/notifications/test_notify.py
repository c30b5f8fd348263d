"""Sending notifications: dedupe by key under concurrency, fan-out, publish after commit."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from models.notifications import Notification
from services import live
from services.notifications import notify, notify_many, publish_notifications, sending
from tests.factories import make_member, make_members_in_bulk
from tests.notifications.support import WAIT
from tests.sqlcount import count_sql


async def test_concurrent_notify_with_one_dedupe_key_stores_one_row() -> None:
    # given
    alice = await make_member("alice")
    # when
    results = await asyncio.gather(
        *(notify(alice.member.id, "TIER_CHANGED", {"n": n}, dedupe_key="tier:1") for n in range(20))
    )
    # then
    assert await Notification.filter(dedupe_key="tier:1").count() == 1
    assert len([row for row in results if row is not None]) == 1


async def test_duplicate_inside_a_transaction_does_not_break_it() -> None:
    # given
    alice = await make_member("alice")
    # when
    async with in_transaction() as conn:
        first = await notify(alice.member.id, "OFFER", dedupe_key="offer:1", using=conn)
        second = await notify(alice.member.id, "OFFER", dedupe_key="offer:1", using=conn)
        third = await notify(alice.member.id, "OTHER", using=conn)
    # then
    assert first is not None and second is None and third is not None
    assert await Notification.filter(member_id=alice.member.id).count() == 2


async def test_notify_returns_the_stored_row() -> None:
    alice = await make_member("alice")
    row = await notify(alice.member.id, "WELCOME", {"name": "爱丽丝"})
    assert row is not None
    stored = await Notification.get(id=row.id)
    assert (stored.kind, stored.payload, stored.read) == ("WELCOME", {"name": "爱丽丝"}, False)
    assert stored.created_at == row.created_at


async def test_notify_many_inserts_in_chunks_and_a_retry_adds_only_the_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given
    monkeypatch.setattr(sending, "INSERT_CHUNK", 7)
    member_ids = await make_members_in_bulk(30, "fan")
    await notify_many(member_ids[:10], "SEASON_CLOSED", {"season": "2026Q3"}, dedupe_prefix="s3")
    # when
    async with count_sql() as sql:
        created = await notify_many(
            member_ids, "SEASON_CLOSED", {"season": "2026Q3"}, dedupe_prefix="s3"
        )
    # then
    assert sql.count == 5  # ceil(30 / 7) statements, not one per member
    assert sorted(row.member_id for row in created) == sorted(member_ids[10:])
    assert await Notification.filter(kind="SEASON_CLOSED").count() == 30
    assert await Notification.filter(member_id=member_ids[0]).count() == 1


async def test_nothing_is_published_before_commit_and_nothing_after_rollback(
    settings: Any,
) -> None:
    # given
    alice = await make_member("alice")
    hub = _hub(settings)
    try:
        async with hub.subscription(live.member_topic(alice.member.id)) as messages:
            # when: a notice inside a transaction that rolls back
            with pytest.raises(RuntimeError):
                async with in_transaction() as conn:
                    await notify(alice.member.id, "ROLLED_BACK", using=conn)
                    raise RuntimeError("the change failed")
            # and one inside a transaction that commits
            async with in_transaction() as conn:
                row = await notify(alice.member.id, "COMMITTED", using=conn)
            # then: nothing arrives until the caller publishes after commit
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(anext(messages), 0.3)
            await publish_notifications([row, None])
            message = await asyncio.wait_for(anext(messages), WAIT)
    finally:
        await hub.close()
    assert message["notification"]["kind"] == "COMMITTED"
    assert await Notification.filter(kind="ROLLED_BACK").count() == 0


def _hub(settings: Any) -> live.LiveHub:
    from runtime.redis_client import connect

    return live.LiveHub(
        lambda: connect(settings.redis_url), anchor=lambda name: live.topic("hub", name)
    )
