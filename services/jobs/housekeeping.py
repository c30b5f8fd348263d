"""Deleting rows nobody needs any more, in chunks so no statement holds a long lock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models.accounts import RefreshToken
from services.jobs import Progress


async def purge_refresh_tokens(
    *,
    expired_for: timedelta = timedelta(days=1),
    chunk: int = 1000,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Delete refresh tokens that expired more than ``expired_for`` ago (they can no longer be
    used or signal reuse). Idempotent: a second run deletes nothing."""
    stale = RefreshToken.filter(expires_at__lt=(now or datetime.now(UTC)) - expired_for)
    total = await stale.count()
    deleted = 0
    if progress:
        progress(0, total)
    while ids := await stale.order_by("id").limit(chunk).values_list("id", flat=True):
        deleted += await RefreshToken.filter(id__in=ids).delete()
        if progress:
            progress(deleted, max(total, deleted))
    return {"deleted": deleted}
