"""Deleting rows nobody needs any more, in chunks so no statement holds a long lock. Every
purge is idempotent: a second run deletes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.accounts import RefreshToken
from models.loyalty import IdempotencyRecord
from models.members import DataExport, ExportStatus
from models.notifications import Notification
from services.core import clock
from services.jobs import Progress


async def purge_refresh_tokens(
    *,
    expired_for: timedelta = timedelta(days=1),
    chunk: int = 1000,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Delete refresh tokens that expired more than ``expired_for`` ago (they can no longer be
    used or signal reuse)."""
    stale = RefreshToken.filter(expires_at__lt=(now or clock.now()) - expired_for)
    return {"deleted": await _delete_in_chunks(RefreshToken, stale, chunk, progress)}


async def purge_retained(
    *,
    exports_for: timedelta,
    idempotency_for: timedelta,
    notifications_for: timedelta,
    chunk: int = 1000,
    now: datetime | None = None,
) -> dict[str, int]:
    """Delete what is kept only for a while:

    * data exports finished more than ``exports_for`` ago: their document holds everything
      about the member, so it is not kept once they had time to download it (pending ones
      stay; the member can ask again);
    * idempotency records older than ``idempotency_for``: they only replay the first result
      to a client's retry (ledger entries, holds and coupons carry their own unique keys, so
      nothing can happen twice once they are gone: a retry that late fails on those keys
      instead of replaying);
    * notifications the member read more than ``notifications_for`` ago.
    """
    now = now or clock.now()
    exports = DataExport.filter(
        status__in=[ExportStatus.READY, ExportStatus.FAILED], completed_at__lt=now - exports_for
    )
    records = IdempotencyRecord.filter(created_at__lt=now - idempotency_for)
    notices = Notification.filter(read=True, created_at__lt=now - notifications_for)
    return {
        "exports": await _delete_in_chunks(DataExport, exports, chunk),
        "idempotency_records": await _delete_in_chunks(IdempotencyRecord, records, chunk),
        "notifications": await _delete_in_chunks(Notification, notices, chunk),
    }


async def _delete_in_chunks(
    model: type[Model], stale: QuerySet, chunk: int, progress: Progress | None = None
) -> int:
    total = await stale.count() if progress else 0
    deleted = 0
    if progress:
        progress(0, total)
    while ids := await stale.order_by("id").limit(chunk).values_list("id", flat=True):
        deleted += await model.filter(id__in=ids).delete()
        if progress:
            progress(deleted, max(total, deleted))
    return deleted
