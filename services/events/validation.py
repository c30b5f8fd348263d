"""Checking an event's fields before they are stored (create and edit alike)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from models.badges import Badge
from models.members import Drivetrain
from models.routes import Route
from services.errors import InvalidInput, NotFound
from services.loyalty.tiers import tier_table

TITLE_MAX = 80
DESCRIPTION_MAX = 10_000
CITY_MAX = 64
MAX_CAPACITY = 500
MAX_FEE = 1_000_000
MAX_OFFER_HOURS = 168
MAX_CHECKIN_HOURS = 72
MAX_INSPECTION_DAYS = 365
MAX_BADGES = 10


@dataclass(frozen=True)
class EventSpec:
    """The editable fields of an event, checked together (times depend on each other)."""

    route_id: int
    title: str
    description: str
    time_zone: str
    starts_at: datetime
    ends_at: datetime
    meeting_city: str
    capacity: int
    signup_opens_at: datetime
    signup_closes_at: datetime
    cancel_deadline: datetime
    fee_points: int
    offer_window_hours: int
    checkin_opens_hours_before: int
    min_tier: str | None
    required_badges: list[str]
    required_drivetrain: Drivetrain | None
    inspection_within_days: int | None

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


SPEC_FIELDS = tuple(f.name for f in fields(EventSpec))


def _bad(name: str, key: str) -> InvalidInput:
    return InvalidInput(field=name, message_key=key)


async def check_spec(values: dict[str, Any]) -> EventSpec:
    """An ``EventSpec`` of ``values`` or INVALID_INPUT naming the first field at fault
    (NOT_FOUND for an unknown route)."""
    v = dict(values)
    v["title"] = str(v.get("title") or "").strip()
    if not 1 <= len(v["title"]) <= TITLE_MAX:
        raise _bad("title", "event.title")
    v["description"] = str(v.get("description") or "")
    if len(v["description"]) > DESCRIPTION_MAX:
        raise _bad("description", "event.description")
    v["meeting_city"] = str(v.get("meeting_city") or "").strip()
    if not 1 <= len(v["meeting_city"]) <= CITY_MAX:
        raise _bad("meeting_city", "event.meeting_city")
    _check_zone(v["time_zone"])
    _check_times(v)
    _check_range(v, "capacity", 1, MAX_CAPACITY, "event.capacity")
    _check_range(v, "fee_points", 0, MAX_FEE, "event.fee")
    _check_range(v, "offer_window_hours", 1, MAX_OFFER_HOURS, "event.offer_window")
    _check_range(v, "checkin_opens_hours_before", 0, MAX_CHECKIN_HOURS, "event.checkin_opens_hours")
    if v.get("inspection_within_days") is not None:
        _check_range(v, "inspection_within_days", 1, MAX_INSPECTION_DAYS, "event.inspection_days")
    if v.get("required_drivetrain") is not None:
        try:
            v["required_drivetrain"] = Drivetrain(v["required_drivetrain"])
        except ValueError as exc:
            raise _bad("required_drivetrain", "INVALID_INPUT") from exc
    v["min_tier"] = v.get("min_tier") or None
    if v["min_tier"] is not None and v["min_tier"] not in {t.key for t in await tier_table()}:
        raise _bad("min_tier", "event.min_tier")
    v["required_badges"] = list(dict.fromkeys(v.get("required_badges") or []))
    await _check_badges(v["required_badges"])
    if not await Route.filter(id=v["route_id"]).exists():
        raise NotFound(field="route_id")
    values_checked: dict[str, Any] = {name: v.get(name) for name in SPEC_FIELDS}
    return EventSpec(**values_checked)


def _check_zone(name: object) -> None:
    try:
        ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise _bad("time_zone", "event.time_zone") from exc


def _check_times(v: dict[str, Any]) -> None:
    names = ("starts_at", "ends_at", "signup_opens_at", "signup_closes_at", "cancel_deadline")
    for name in names:
        moment = v.get(name)
        if not isinstance(moment, datetime) or moment.tzinfo is None:
            raise _bad(name, "event.times")
    if v["ends_at"] <= v["starts_at"]:
        raise _bad("ends_at", "event.ends_before_start")
    if v["signup_closes_at"] > v["starts_at"]:
        raise _bad("signup_closes_at", "event.signup_after_start")
    if v["signup_opens_at"] >= v["signup_closes_at"]:
        raise _bad("signup_opens_at", "event.signup_window")
    if v["cancel_deadline"] > v["starts_at"]:
        raise _bad("cancel_deadline", "event.cancel_after_start")


def _check_range(v: dict[str, Any], name: str, low: int, high: int, key: str) -> None:
    value = v.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise _bad(name, key)


async def _check_badges(keys: list[str]) -> None:
    if len(keys) > MAX_BADGES:
        raise _bad("required_badges", "event.badges")
    if keys and await Badge.filter(key__in=keys).count() != len(keys):
        raise _bad("required_badges", "event.badges")
