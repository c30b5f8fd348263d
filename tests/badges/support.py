"""Steps shared by the badge tests: deliver outbox events to their consumers as a worker
would, run the badge job, and read who holds a badge (the data comes from
``tests.factories``)."""

from __future__ import annotations

from typing import Any

from jobs.consumers import CONSUMERS
from models.badges import Badge
from models.outbox import OutboxEvent
from services.jobs.consume import Outcome, apply_event

ERRORS = "errors { code field message }"


async def deliver_outbox() -> list[Outcome]:
    """Apply every outbox event not applied yet, in order, as a worker would."""
    pending = (
        await OutboxEvent.filter(processed_at=None).order_by("id").values_list("id", flat=True)
    )
    return [await apply_event(int(event_id), CONSUMERS) for event_id in pending]


async def deliver_and_run() -> dict[str, Any]:
    """Deliver the outbox, then run the per-minute badge job (requested sweeps, delta,
    settlement) once, as a worker and the scheduler would."""
    from jobs import badges as badge_jobs

    await deliver_outbox()
    return await badge_jobs.delta()


async def holders(badge: Badge) -> list[tuple[str, int]]:
    """(handle, occurrence) of every award of ``badge``, by handle and occurrence."""
    rows = await badge.awards.all().prefetch_related("member")
    return sorted((row.member.handle, row.occurrence) for row in rows)
