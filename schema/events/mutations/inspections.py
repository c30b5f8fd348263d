"""Dealer staff record pre-trip vehicle inspections."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import relay

from schema.core.context import Info
from schema.core.ids import Id
from schema.core.runner import run
from schema.events.mutations.payloads import InspectionPayload
from schema.members.vehicles import VehicleNode
from services.events import inspections


@strawberry.input(description="One checklist item of an inspection.")
class ChecklistItemInput:
    item: str = strawberry.field(description="What was checked, e.g. `brakes`.")
    passed: bool = strawberry.field(description="Whether it passed.")


@strawberry.input(description="A vehicle inspection (dealer staff).")
class RecordInspectionInput:
    vehicle_id: relay.GlobalID = strawberry.field(description="The vehicle inspected.")
    passed: bool = strawberry.field(description="Overall result.")
    checklist: list[ChecklistItemInput] = strawberry.field(
        default_factory=list, description="Items checked (up to 200)."
    )
    notes: str = strawberry.field(default="", description="Up to 2000 characters.")
    inspected_on: date | None = strawberry.field(default=None, description="Default: today.")


@strawberry.type
class InspectionMutations:
    @strawberry.mutation(description="Record a vehicle inspection (dealer staff).")
    async def record_inspection(
        self, info: Info, input: RecordInspectionInput
    ) -> InspectionPayload:
        return await run(
            info,
            InspectionPayload,
            inspections.record_inspection,
            vehicle_id=Id(input.vehicle_id, VehicleNode),
            passed=input.passed,
            checklist=[
                inspections.ChecklistItem(item.item, item.passed) for item in input.checklist
            ],
            notes=input.notes,
            inspected_on=input.inspected_on,
        )
