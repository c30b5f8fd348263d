"""Data exports: a member asks for a copy of everything held about them, a job builds it.

The document is assembled from ``EXPORT_SECTIONS``, a registry of section builders other
domains extend (``register_export_section("loyalty", build_loyalty_section)``), so an export
always covers every domain that holds member data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.members import DataExport, ExportStatus
from services import notifications, outbox
from services.core import clock
from services.core.actors import Actor
from services.errors import DomainError, ErrorCode
from services.members import export_sections as sections

EXPORT_REQUESTED = "member.export_requested"
EXPORT_READY = "DATA_EXPORT_READY"
FORMAT = "convoy-member-export/1"
#: How many of their latest exports a member sees.
RECENT_EXPORTS = 10

#: ``builder(member_id)`` -> JSON-able data about the member.
SectionBuilder = Callable[[int], Awaitable[Any]]

#: Section name -> builder, in document order.
EXPORT_SECTIONS: dict[str, SectionBuilder] = {
    "account": sections.account_section,
    "profile": sections.profile_section,
    "privacy": sections.privacy_section,
    "vehicles": sections.vehicles_section,
    "notifications": sections.notifications_section,
    "audit_log": sections.audit_section,
    "sessions": sections.sessions_section,
}


def register_export_section(name: str, builder: SectionBuilder) -> None:
    """Add a domain's section to every export built from now on (names are unique)."""
    if name in EXPORT_SECTIONS and EXPORT_SECTIONS[name] is not builder:
        raise ValueError(f"export section {name!r} is already registered")
    EXPORT_SECTIONS[name] = builder


async def request_data_export(*, actor: Actor) -> DataExport:
    """Create a PENDING export for ``actor`` and record ``member.export_requested`` in the same
    transaction. A member has at most one pending export (a unique column holds under
    concurrency): asking again while one is pending returns that one and records nothing."""
    for _ in range(3):
        try:
            async with in_transaction() as conn:
                export = await DataExport.create(
                    member_id=actor.id, pending_member_id=actor.id, using_db=conn
                )
                await outbox.record(EXPORT_REQUESTED, {"export_id": export.id}, using=conn)
            return export
        except IntegrityError:
            pending = await DataExport.get_or_none(pending_member_id=actor.id)
            if pending is not None:
                return pending
    raise DomainError(ErrorCode.CONFLICT)


async def recent_exports(*, actor: Actor, limit: int = RECENT_EXPORTS) -> list[DataExport]:
    """``actor``'s latest exports, newest first."""
    return list(await DataExport.filter(member_id=actor.id).order_by("-id").limit(limit))


async def own_exports(*, actor_id: int | None, export_ids: list[int]) -> list[DataExport | None]:
    """The exports among ``export_ids`` that belong to ``actor_id``, aligned (None elsewhere:
    nobody else, staff included, reads an export)."""
    if actor_id is None or not export_ids:
        return [None] * len(export_ids)
    rows = await DataExport.filter(id__in=export_ids, member_id=actor_id)
    by_id = {row.id: row for row in rows}
    return [by_id.get(export_id) for export_id in export_ids]


async def build_data_export(export_id: int) -> None:
    """Build the document of a PENDING export, mark it READY and notify the member
    (``DATA_EXPORT_READY``), all or nothing. Idempotent: an export that is no longer pending
    (or gone) is left alone, so a job retry changes nothing. A member deleted meanwhile gets no
    export (it is marked FAILED)."""
    export = await DataExport.filter(id=export_id).select_related("member").first()
    if export is None or export.status != ExportStatus.PENDING:
        return
    pending = DataExport.filter(id=export_id, status=ExportStatus.PENDING)
    now = clock.now()
    if export.member.deleted_at is not None:
        await pending.update(status=ExportStatus.FAILED, completed_at=now, pending_member_id=None)
        return
    document = await _document(export.member_id, now)
    async with in_transaction() as conn:
        updated = await pending.using_db(conn).update(
            status=ExportStatus.READY, document=document, completed_at=now, pending_member_id=None
        )
        if updated:
            await notifications.notify(
                export.member_id,
                EXPORT_READY,
                {"exportId": export_id},
                dedupe_key=f"data-export-ready:{export_id}",
                using=conn,
            )


async def _document(member_id: int, now: datetime) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": FORMAT,
        "generated_at": now.isoformat(),
        "member_id": member_id,
    }
    for name, builder in EXPORT_SECTIONS.items():
        document[name] = await builder(member_id)
    return document
