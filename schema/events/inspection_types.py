"""Pre-trip vehicle inspections recorded by dealers, seen by the vehicle's owner and dealer
staff."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import strawberry
from strawberry import relay

from models.events import Inspection
from schema.core.context import Info
from schema.core.ids import key_of
from schema.members.vehicles import VehicleNode


@strawberry.type(description="One item of an inspection checklist.")
class ChecklistItemType:
    item: str = strawberry.field(description="What was checked, e.g. `brakes`.")
    passed: bool = strawberry.field(description="Whether it passed.")


@strawberry.type(
    name="Inspection",
    description="A pre-trip vehicle inspection recorded by a dealer (车辆检测).",
)
class InspectionNode(relay.Node):
    inspection_id: relay.NodeID[int]
    passed: bool = strawberry.field(description="Whether the vehicle passed.")
    checklist: list[ChecklistItemType] = strawberry.field(description="The items checked.")
    notes: str = strawberry.field(description="The inspector's notes.")
    inspected_on: date = strawberry.field(description="Day of the inspection.")
    dealer_code: str | None = strawberry.field(description="The dealer that inspected.")
    created_at: datetime = strawberry.field(description="When it was recorded.")
    vehicle_id: strawberry.Private[int]
    member_id: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: Inspection) -> InspectionNode:
        return cls(
            inspection_id=row.id,
            passed=row.passed,
            checklist=[ChecklistItemType(item=k, passed=v) for k, v in row.checklist.items()],
            notes=row.notes,
            inspected_on=row.inspected_on,
            dealer_code=row.dealer_code,
            created_at=row.created_at,
            vehicle_id=row.vehicle_id,
            member_id=row.member_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # one form for relay's overloads
        cls, *, info: Any, node_ids: Iterable[str], required: bool = False
    ) -> list[InspectionNode | None]:
        """Visible to the vehicle's owner and to dealer staff."""
        viewer = await info.context.viewer()
        keys = [
            key_of(relay.GlobalID("Inspection", node_id), "Inspection") or 0 for node_id in node_ids
        ]
        rows = {row.id: row for row in await Inspection.filter(id__in=keys)}
        staff = viewer is not None and {"dealer", "admin"} & set(viewer.roles)
        return [
            cls.from_model(row)
            if row is not None and viewer is not None and (row.member_id == viewer.id or staff)
            else None
            for row in (rows.get(key) for key in keys)
        ]

    @strawberry.field(description="The vehicle (visible when its owner's garage is).")
    async def vehicle(self, info: Info) -> VehicleNode | None:
        return (await VehicleNode.resolve_nodes(info=info, node_ids=[str(self.vehicle_id)]))[0]
