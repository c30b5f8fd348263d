"""Who applies each outbox topic. A handler's database writes join the transaction that marks
the event applied (``services.jobs.consume``), anything else it does must be idempotent."""

from __future__ import annotations

from typing import Any

from services.jobs.consume import Handler


async def _build_data_export(payload: dict[str, Any]) -> None:
    from services.members.export import build_data_export

    await build_data_export(payload["export_id"])


async def _erase_member(payload: dict[str, Any]) -> None:
    from services.members.deletion import erase_member

    await erase_member(payload["member_id"])


CONSUMERS: dict[str, Handler] = {
    "member.export_requested": _build_data_export,
    "member.deletion_requested": _erase_member,
}
