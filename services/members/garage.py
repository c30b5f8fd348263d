"""Members' garages: vehicles picked from the catalog, plates kept private, VINs kept only as a
keyed hash."""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

import runtime
from models.members import Drivetrain, Vehicle, VehicleModel
from services.core import clock
from services.core.actors import Actor
from services.errors import DomainError, ErrorCode, InvalidInput, NotFound
from services.members.validation import KEEP, Keep, text

FIRST_YEAR = 1950
NICKNAME_MAX = 32
#: 17 characters, letters I, O and Q excluded (ISO 3779).
_VIN = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
#: A province character and a letter, then 4-6 letters or digits and an optional suffix
#: character (挂, 学, 警 …), or a plain 5-10 character registration from elsewhere.
_PLATE = re.compile(r"^(?:[\u4e00-\u9fff][A-Z][A-Z0-9]{4,6}[\u4e00-\u9fff]?|[A-Z0-9-]{5,10})$")
_PLATE_SEPARATORS = re.compile(r"[\s·•.]")


def vin_hash(vin: str) -> str:
    """HMAC-SHA256 of the normalized VIN under ``VIN_HASH_KEY`` (hex): the only form in which a
    VIN is stored, enough to refuse a second registration of the same vehicle."""
    key = runtime.settings().vin_hash_key.encode()
    return hmac.new(key, normalize_vin(vin).encode(), hashlib.sha256).hexdigest()


def _optional_vin_hash(vin: str | None) -> str | None:
    """The keyed hash of ``vin``, None when blank (no VIN on file)."""
    return vin_hash(vin) if vin is not None and vin.strip() else None


def normalize_vin(vin: str) -> str:
    normalized = vin.strip().upper()
    if not _VIN.match(normalized):
        raise InvalidInput(field="vin", message_key="vin.invalid")
    return normalized


def normalize_plate(plate: str | None) -> str | None:
    """The plate upper-cased without separators, None when blank."""
    cleaned = _PLATE_SEPARATORS.sub("", plate or "").upper()
    if not cleaned:
        return None
    if not _PLATE.match(cleaned):
        raise InvalidInput(field="plate", message_key="plate.invalid")
    return cleaned


def _year(year: int | None) -> int:
    last = clock.now().year + 1
    if year is None or not FIRST_YEAR <= year <= last:
        raise InvalidInput(field="year", message_key="vehicle.year")
    return year


async def vehicle_catalog(
    *, drivetrain: Drivetrain | None = None, brand: str | None = None
) -> list[VehicleModel]:
    """Catalog entries, optionally of one drivetrain and/or brand (English or Chinese name,
    case-insensitive), ordered by brand and name."""
    query = VehicleModel.all()
    if drivetrain is not None:
        query = query.filter(drivetrain=drivetrain)
    if brand is not None and brand.strip():
        wanted = brand.strip()
        query = query.filter(Q(brand__iexact=wanted) | Q(brand_zh=wanted))
    return list(await query.order_by("brand", "name"))


async def _catalog_entry(model_key: str | None, vehicle_model_id: int | None) -> VehicleModel:
    if (model_key is None) == (vehicle_model_id is None):
        raise InvalidInput(field="model_key", message_key="vehicle_model.one_of")
    if vehicle_model_id is not None:
        found = await VehicleModel.get_or_none(id=vehicle_model_id)
    else:
        found = await VehicleModel.get_or_none(key=(model_key or "").strip().lower())
    if found is None:
        field = "vehicle_model_id" if vehicle_model_id is not None else "model_key"
        raise NotFound(field=field, message_key="vehicle_model.unknown")
    return found


async def add_vehicle(
    *,
    actor: Actor,
    model_key: str | None = None,
    vehicle_model_id: int | None = None,
    year: int | None,
    nickname: str | None = None,
    plate: str | None = None,
    vin: str | None = None,
) -> Vehicle:
    """Add a vehicle to ``actor``'s garage. Exactly one of ``model_key`` and
    ``vehicle_model_id`` names a catalog entry, the year lies between 1950 and next year, the
    plate is kept for the owner's eyes and the VIN only as ``vin_hash``. A VIN already
    registered (to anyone) raises VEHICLE_TAKEN through the unique constraint, so two concurrent
    claims cannot both win."""
    values: dict[str, Any] = {
        "year": _year(year),
        "nickname": text(nickname, name="nickname", max_length=NICKNAME_MAX) or "",
        "plate": normalize_plate(plate),
        "vin_hash": _optional_vin_hash(vin),
    }
    model = await _catalog_entry(model_key, vehicle_model_id)
    try:
        return await Vehicle.create(owner_id=actor.id, model=model, **values)
    except IntegrityError as exc:
        raise DomainError(ErrorCode.VEHICLE_TAKEN, field="vin") from exc


async def update_vehicle(
    *,
    actor: Actor,
    vehicle_id: int,
    year: int | None | Keep = KEEP,
    nickname: str | None | Keep = KEEP,
    plate: str | None | Keep = KEEP,
    vin: str | None | Keep = KEEP,
) -> Vehicle:
    """Change the given fields of one of ``actor``'s vehicles (a blank plate, nickname or VIN
    clears it). Someone else's vehicle is NOT_FOUND, a VIN registered elsewhere VEHICLE_TAKEN."""
    changes: dict[str, Any] = {}
    if year is not KEEP:
        changes["year"] = _year(year)
    if nickname is not KEEP:
        changes["nickname"] = text(nickname, name="nickname", max_length=NICKNAME_MAX) or ""
    if plate is not KEEP:
        changes["plate"] = normalize_plate(plate)
    if vin is not KEEP:
        changes["vin_hash"] = _optional_vin_hash(vin)
    owned = Vehicle.filter(id=vehicle_id, owner_id=actor.id)
    if changes:
        try:
            updated = await owned.update(**changes)
        except IntegrityError as exc:
            raise DomainError(ErrorCode.VEHICLE_TAKEN, field="vin") from exc
        if not updated:
            raise NotFound(field="vehicle_id")
    vehicle = await owned.select_related("model").first()
    if vehicle is None:
        raise NotFound(field="vehicle_id")
    return vehicle


async def remove_vehicle(*, actor: Actor, vehicle_id: int) -> None:
    """Delete one of ``actor``'s vehicles. Someone else's (or a missing) vehicle is NOT_FOUND."""
    deleted = await Vehicle.filter(id=vehicle_id, owner_id=actor.id).delete()
    if not deleted:
        raise NotFound(field="vehicle_id")
