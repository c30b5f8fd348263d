"""The parts section of a member's data export: the units in their custody and every event
they recorded on any unit's chain."""

from __future__ import annotations

from typing import Any

from models.parts import PartUnit, ProvenanceEvent
from services.parts.canonical import timestamp


async def parts_section(member_id: int) -> dict[str, Any]:
    units = await PartUnit.filter(custodian_id=member_id).select_related("part_model")
    events = await ProvenanceEvent.filter(actor_member_id=member_id).select_related("unit")
    return {
        "in_custody": [
            {
                "code": unit.code,
                "part_number": unit.part_model.part_number,
                "name": unit.part_model.name_en,
                "serial": unit.serial,
                "status": str(unit.status),
                "claimed_at": timestamp(unit.claimed_at) if unit.claimed_at else None,
                "installed_vehicle_id": unit.installed_vehicle_id,
            }
            for unit in sorted(units, key=lambda u: u.id)
        ],
        "events_recorded": [
            {
                "code": event.unit.code,
                "seq": event.seq,
                "kind": str(event.kind),
                "occurred_at": timestamp(event.occurred_at),
                "city": event.city,
                "detail": dict(event.detail or {}),
                "hash": event.hash,
            }
            for event in sorted(events, key=lambda e: e.id)
        ],
    }
