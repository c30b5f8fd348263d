"""Housekeeping jobs: purging the outbox and expired refresh tokens, idempotently."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from jobs.execution import execute
from models.accounts import RefreshToken
from models.loyalty import IdempotencyRecord
from models.members import DataExport, ExportStatus
from models.notifications import Notification
from models.outbox import OutboxEvent, ProcessedMessage
from services import outbox
from services.jobs.housekeeping import purge_refresh_tokens
from tests.factories import make_data_export, make_member, make_notification, make_refresh_token


async def _event(*, applied_days_ago: int | None, attempts: int = 1, age_days: int = 0) -> int:
    event = await outbox.record("member.moved", {})
    now = datetime.now(UTC)
    applied = now - timedelta(days=applied_days_ago) if applied_days_ago is not None else None
    await OutboxEvent.filter(id=event.id).update(
        created_at=now - timedelta(days=age_days),
        dispatched_at=now - timedelta(days=age_days),
        processed_at=applied,
        attempts=attempts,
    )
    if applied is not None:
        marker = await ProcessedMessage.create(consumer="member.moved", event_id=event.id)
        await ProcessedMessage.filter(id=marker.id).update(processed_at=applied)
    return event.id


async def test_outbox_purge_keeps_recent_pending_and_fresh_dead_events(app: Any) -> None:
    # given
    old = await _event(applied_days_ago=8, age_days=8)
    recent = await _event(applied_days_ago=6, age_days=6)
    pending = await _event(applied_days_ago=None, age_days=40)
    dead_old = await _event(applied_days_ago=None, attempts=outbox.MAX_ATTEMPTS, age_days=31)
    dead_new = await _event(applied_days_ago=None, attempts=outbox.MAX_ATTEMPTS, age_days=2)
    # when
    first = await outbox.purge(chunk=1)
    second = await outbox.purge(chunk=1)
    # then
    assert first == {"events": 1, "dead_events": 1, "markers": 1}
    assert second == {"events": 0, "dead_events": 0, "markers": 0}
    remaining = set(await OutboxEvent.all().values_list("id", flat=True))
    assert remaining == {recent, pending, dead_new}
    assert old not in remaining and dead_old not in remaining
    assert await ProcessedMessage.filter(event_id=recent).exists()


async def test_refresh_token_purge_deletes_only_long_expired_tokens(app: Any) -> None:
    # given
    signed = await make_member("sessions")
    now = datetime.now(UTC)
    for n, expired_ago in enumerate(
        [timedelta(days=3)] * 5 + [timedelta(hours=2), -timedelta(days=1)]
    ):
        await make_refresh_token(signed, token_hash=f"{n:064d}", expires_at=now - expired_ago)
    steps: list[tuple[int, int | None]] = []
    # when
    result = await purge_refresh_tokens(chunk=2, progress=lambda d, t: steps.append((d, t)))
    run = await execute("accounts.purge_refresh_tokens")
    # then
    assert result == {"deleted": 5}
    assert steps == [(0, 5), (2, 5), (4, 5), (5, 5)]
    assert run.ok and run.summary == {"deleted": 0}
    assert await RefreshToken.filter(account=signed.account).count() == 2


async def test_retention_deletes_only_what_is_past_its_time(app: Any) -> None:
    # given: exports, idempotency records and notifications of several ages
    member = (await make_member()).member
    now = datetime.now(UTC)
    days = timedelta(days=1)

    async def export(status: ExportStatus, finished_days_ago: int | None) -> int:
        row = await make_data_export(member, status=status, document={"x": 1})
        done = now - finished_days_ago * days if finished_days_ago is not None else None
        await DataExport.filter(id=row.id).update(completed_at=done)
        return row.id

    async def record(key: str, age: int) -> None:
        row = await IdempotencyRecord.create(key=key, request_hash="h", result={})
        await IdempotencyRecord.filter(id=row.id).update(created_at=now - age * days)

    async def notice(read: bool, age: int) -> int:
        row = await make_notification(member, kind="TEST", read=read)
        await Notification.filter(id=row.id).update(created_at=now - age * days)
        return row.id

    old_export = await export(ExportStatus.READY, 8)
    kept_exports = [await export(ExportStatus.READY, 2), await export(ExportStatus.PENDING, None)]
    await record("old", 31)
    await record("recent", 29)
    old_notice = await notice(True, 366)
    kept_notices = [await notice(False, 400), await notice(True, 10)]
    # when: the job runs (default retention), twice
    first = await execute("data.retention")
    second = await execute("data.retention")
    # then
    assert (first.ok, first.summary) == (
        True, {"exports": 1, "idempotency_records": 1, "notifications": 1},
    )  # fmt: skip
    assert second.summary == {"exports": 0, "idempotency_records": 0, "notifications": 0}
    assert not await DataExport.filter(id=old_export).exists()
    assert sorted(await DataExport.all().values_list("id", flat=True)) == sorted(kept_exports)
    assert await IdempotencyRecord.all().values_list("key", flat=True) == ["recent"]
    assert not await Notification.filter(id=old_notice).exists()
    assert sorted(await Notification.all().values_list("id", flat=True)) == sorted(kept_notices)
