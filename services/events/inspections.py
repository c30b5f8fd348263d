"""Pre-trip inspections recorded by dealer staff (Ford's 83-item check); events may require a
passed one within N days, and members see the inspections of their own vehicles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from models.accounts import StaffRole
from models.events import Inspection
from models.loyalty import DealerStaff
from models.members import Vehicle
from services.core import clock
from services.core.actors import Actor, require_role
from services.errors import InvalidInput, NotFound
from services.pagination import Page, PageArgs, keyset_page

MAX_ITEMS = 200
MAX_ITEM_KEY = 64
MAX_NOTES = 2000


@dataclass(frozen=True)
class ChecklistItem:
    item: str
    passed: bool


def _checklist(items: Sequence[ChecklistItem]) -> dict[str, bool]:
    if len(items) > MAX_ITEMS:
        raise InvalidInput(field="checklist", message_key="value.too_long", max=MAX_ITEMS)
    checklist: dict[str, bool] = {}
    for index, entry in enumerate(items):
        key = entry.item.strip()
        if not key or len(key) > MAX_ITEM_KEY or key in checklist:
            raise InvalidInput(field=("checklist", index, "item"))
        checklist[key] = bool(entry.passed)
    return checklist


async def record_inspection(
    *,
    actor: Actor,
    vehicle_id: int,
    passed: bool,
    checklist: Sequence[ChecklistItem] = (),
    notes: str = "",
    inspected_on: date | None = None,
    now: datetime | None = None,
) -> Inspection:
    """Record an inspection of a member's vehicle (dealer staff or admins, FORBIDDEN
    otherwise). INVALID_INPUT for a date in the future or more than a year back, a failed
    checklist item on a passed inspection, duplicate or empty item names."""
    require_role(actor, StaffRole.DEALER)
    now = now or clock.now()
    today = now.date()
    inspected_on = inspected_on or today
    if inspected_on > today + timedelta(days=1) or inspected_on < today - timedelta(days=366):
        raise InvalidInput(field="inspected_on")
    items = _checklist(checklist)
    if passed and not all(items.values()):
        raise InvalidInput(field="passed")
    notes = (notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise InvalidInput(field="notes", message_key="value.too_long", max=MAX_NOTES)
    vehicle = await Vehicle.get_or_none(id=vehicle_id)
    if vehicle is None:
        raise NotFound(field="vehicle_id")
    dealer = await DealerStaff.get_or_none(member_id=actor.id)
    return await Inspection.create(
        vehicle_id=vehicle.id,
        member_id=vehicle.owner_id,
        inspector_account_id=getattr(getattr(actor, "account", None), "id", None),
        dealer_code=dealer.dealer_code if dealer else None,
        passed=passed,
        checklist=items,
        notes=notes,
        inspected_on=inspected_on,
    )


async def member_inspections(
    *, member_id: int, vehicle_id: int | None = None, args: PageArgs
) -> Page[Inspection]:
    """The inspections of the member's vehicles, newest first."""
    query = Inspection.filter(member_id=member_id)
    if vehicle_id is not None:
        query = query.filter(vehicle_id=vehicle_id)
    return await keyset_page(query, order=["-inspected_on", "-id"], args=args)
