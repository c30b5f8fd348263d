"""The transactional outbox and the once-per-period ledger of scheduled runs."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class OutboxEvent(Model):
    """A domain event written in the same transaction as the change it describes."""

    id = fields.BigIntField(primary_key=True)
    #: Dotted name such as ``member.deletion_requested``.
    topic = fields.CharField(max_length=64)
    payload: dict[str, Any] = fields.JSONField(default=dict)  # type: ignore[assignment]
    created_at = fields.DatetimeField(auto_now_add=True)
    #: Set when a dispatcher last handed the event to the broker.
    dispatched_at = fields.DatetimeField(null=True)
    #: How many times the event was handed to the broker.
    attempts = fields.IntField(default=0)
    #: Set in the transaction in which its consumer applied the event.
    processed_at = fields.DatetimeField(null=True)
    #: What the consumer raised the last time it failed on this event.
    last_error = fields.TextField(null=True)

    class Meta:
        table = "outbox_events"
        indexes = [("dispatched_at", "id"), ("processed_at", "dispatched_at")]


class ProcessedMessage(Model):
    """Consumer-side idempotency: a handler records each event id it has applied."""

    id = fields.BigIntField(primary_key=True)
    consumer = fields.CharField(max_length=64)
    event_id = fields.BigIntField()
    processed_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "processed_messages"
        unique_together = (("consumer", "event_id"),)


class ScheduledRun(Model):
    """Claims one run of a periodic task for one period, and the unique key makes a second
    scheduler's claim fail."""

    id = fields.BigIntField(primary_key=True)
    task = fields.CharField(max_length=64)
    #: Period identifier, e.g. ``2026-11-23`` for a daily task or ``2026-11-23T10:05`` per minute.
    period = fields.CharField(max_length=32)
    #: When the run was (last) handed to the broker.
    claimed_at = fields.DatetimeField(auto_now_add=True)
    #: Set by the one worker that starts the run, duplicates of the message see it and skip.
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "scheduled_runs"
        unique_together = (("task", "period"),)


class JobRun(Model):
    """History of job executions (what ran, how long, what it did)."""

    id = fields.BigIntField(primary_key=True)
    task = fields.CharField(max_length=64, db_index=True)
    started_at = fields.DatetimeField(auto_now_add=True)
    duration_ms = fields.IntField(default=0)
    ok = fields.BooleanField(default=True)
    summary: dict[str, Any] = fields.JSONField(default=dict)  # type: ignore[assignment]

    class Meta:
        table = "job_runs"
