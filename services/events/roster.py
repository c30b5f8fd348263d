"""The roster an organizer prints or loads into a spreadsheet: who comes, in which kind of
vehicle, with how many passengers, and who has checked in.

Registering shares the vehicle's catalog model and drivetrain with the event's organizers
(they plan the convoy on it); plates and VINs never leave the garage. Members who deleted
their account appear pseudonymised. Cells that a spreadsheet would run as a formula are
quoted. One query, streamed as rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from models.events import Event, RegistrationStatus
from services.core.actors import Actor
from services.core.sql import Sql, as_datetime
from services.events.access import get_event, require_organizer

HEADER = ("handle", "display_name", "vehicle_model", "drivetrain", "passengers", "status",
          "checked_in_at")  # fmt: skip
#: Roster order: who is coming first, then the waitlist, then who did not come.
_STATUS_ORDER = {
    RegistrationStatus.CHECKED_IN: 0,
    RegistrationStatus.COMPLETED: 0,
    RegistrationStatus.CONFIRMED: 1,
    RegistrationStatus.OFFERED: 2,
    RegistrationStatus.WAITLISTED: 3,
    RegistrationStatus.NO_SHOW: 4,
}
_ROWS = (
    "SELECT m.handle, m.display_name, m.deleted_at, vm.brand_zh, vm.name_zh, vm.drivetrain, "
    "r.passengers, r.status, r.checked_in_at, r.waitlist_seq, r.id "
    "FROM event_registrations r JOIN members m ON m.id = r.member_id "
    "LEFT JOIN vehicles v ON v.id = r.vehicle_id "
    "LEFT JOIN vehicle_models vm ON vm.id = v.model_id "
    "WHERE r.event_id = ? AND r.status <> 'CANCELLED' ORDER BY r.id"
)


async def roster_rows(*, actor: Actor, event_id: int) -> tuple[Event, list[tuple[str, ...]]]:
    """The event and its roster rows (organizers and crew only, FORBIDDEN otherwise)."""
    event = await get_event(event_id)
    await require_organizer(actor, event, crew=True)
    rows = await Sql().rows(_ROWS, event.id)
    rows.sort(key=lambda row: (_STATUS_ORDER.get(RegistrationStatus(row["status"]), 9),
                               row["waitlist_seq"] or 0, row["id"]))  # fmt: skip
    zone = ZoneInfo(event.time_zone)
    return event, [_line(row, zone) for row in rows]


def _line(row: dict[str, Any], zone: ZoneInfo) -> tuple[str, ...]:
    deleted = row["deleted_at"] is not None
    model = " ".join(part for part in (row["brand_zh"], row["name_zh"]) if part)
    checked_in = row["checked_in_at"]
    return (
        "—" if deleted else row["handle"],
        "已注销会员" if deleted else row["display_name"],
        model,
        row["drivetrain"] or "",
        str(row["passengers"]),
        str(row["status"]),
        _local(as_datetime(checked_in), zone) if checked_in else "",
    )


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _safe(cell: str) -> str:
    """Neutralise spreadsheet formulas (``=HYPERLINK(…)`` in a display name)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def to_csv(lines: list[tuple[str, ...]]) -> Iterator[str]:
    """The CSV text in chunks, with a BOM so spreadsheet apps read the Chinese right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(HEADER)
    for line in lines:
        writer.writerow([_safe(cell) for cell in line])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
