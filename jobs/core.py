"""Platform jobs: the outbox and housekeeping."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import runtime
from jobs.dispatcher import send_event
from jobs.registry import Progress, job
from services import outbox
from services.jobs import dispatch, housekeeping


@job(
    "outbox.dispatch",
    "Send every undispatched outbox event to the workers (workers also do this continuously).",
    reports_progress=True,
)
async def dispatch_outbox(*, progress: Progress | None = None) -> dict[str, Any]:
    sent = await dispatch.drain(send_event, progress=progress)
    resent = await dispatch.redeliver_stale(send_event)
    return {"sent": sent, "resent": resent}


@job(
    "outbox.purge",
    "Delete outbox events applied more than 7 days ago and their consumer markers.",
    daily_at=time(3, 30),
)
async def purge_outbox() -> dict[str, Any]:
    return await outbox.purge()


@job(
    "accounts.purge_refresh_tokens",
    "Delete refresh tokens that expired more than a day ago.",
    daily_at=time(4, 0),
    reports_progress=True,
)
async def purge_refresh_tokens(*, progress: Progress | None = None) -> dict[str, Any]:
    return await housekeeping.purge_refresh_tokens(progress=progress)


@job(
    "data.retention",
    "Delete finished data exports, idempotency records and read notifications past their "
    "retention (EXPORT_RETENTION_DAYS, IDEMPOTENCY_RETENTION_DAYS, NOTIFICATION_RETENTION_DAYS).",
    daily_at=time(4, 15),
)
async def retention() -> dict[str, Any]:
    settings = runtime.settings()
    return await housekeeping.purge_retained(
        exports_for=timedelta(days=settings.export_retention_days),
        idempotency_for=timedelta(days=settings.idempotency_retention_days),
        notifications_for=timedelta(days=settings.notification_retention_days),
    )
