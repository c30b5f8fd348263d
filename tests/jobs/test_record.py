"""Recording outbox events: they commit and roll back with the change they describe."""

from __future__ import annotations

from typing import Any

import pytest
from tortoise.transactions import in_transaction

from models.outbox import OutboxEvent
from services import outbox
from tests.factories import make_member


class _Abort(Exception):
    pass


async def test_event_rolls_back_with_its_change(app: Any) -> None:
    # given
    signed = await make_member("rollback")
    # when
    with pytest.raises(_Abort):
        async with in_transaction() as connection:
            signed.member.city = "上海"
            await signed.member.save(using_db=connection, update_fields=["city"])
            await outbox.record("member.moved", {"member_id": signed.member.id}, using=connection)
            raise _Abort
    # then
    assert await OutboxEvent.all().count() == 0
    await signed.member.refresh_from_db()
    assert signed.member.city == "北京"


async def test_event_commits_with_its_change(app: Any) -> None:
    # given
    signed = await make_member("commit")
    # when
    async with in_transaction() as connection:
        signed.member.city = "上海"
        await signed.member.save(using_db=connection, update_fields=["city"])
        await outbox.record("member.moved", {"member_id": signed.member.id}, using=connection)
    # then
    event = await OutboxEvent.get(topic="member.moved")
    assert event.payload == {"member_id": signed.member.id}
    assert event.dispatched_at is None and event.processed_at is None
