"""The audit trail of staff reads of members' private data."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from models.audit import AuditLog

PRIVATE_READ = "member.private_read"


async def record_private_reads(
    *, actor_id: int, request_id: str | None, reads: Mapping[int, Collection[str]]
) -> None:
    """One ``member.private_read`` row per member read (``reads`` maps the member id to the
    sections only staff may see), in one statement. Callers write it before handing the data
    out, so no private read goes unrecorded."""
    if not reads:
        return
    await AuditLog.bulk_create(
        [
            AuditLog(
                actor_id=actor_id,
                action=PRIVATE_READ,
                subject_member_id=member_id,
                detail={"sections": sorted(sections)},
                request_id=request_id,
            )
            for member_id, sections in reads.items()
        ]
    )
