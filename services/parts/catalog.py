"""The parts catalog: part models that issuers manage, their capability tags (data, not an
enum) and the vehicle models they fit."""

from __future__ import annotations

import re

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.accounts import StaffRole
from models.members import VehicleModel
from models.parts import PartCapability, PartCategory, PartFitment, PartModel
from services.core.actors import Actor, require_role
from services.errors import DomainError, ErrorCode, InvalidInput, NotFound
from services.members.validation import text

#: The tags every installation starts with: key, zh-CN, en.
DEFAULT_CAPABILITIES: tuple[tuple[str, str, str], ...] = (
    ("WINCH", "绞盘", "Winch"),
    ("LOCKER", "差速锁", "Differential locker"),
    ("LIFT", "升高套件", "Lift kit"),
    ("ALL_TERRAIN_TYRES", "全地形轮胎", "All-terrain tyres"),
    ("MUD_TERRAIN_TYRES", "泥地轮胎", "Mud-terrain tyres"),
    ("SKID_PLATES", "护板", "Skid plates"),
    ("SNORKEL", "涉水喉", "Snorkel"),
    ("RECOVERY_POINTS", "拖车钩", "Recovery points"),
    ("ROOF_TENT", "车顶帐篷", "Roof tent"),
    ("AIR_COMPRESSOR", "充气泵", "Air compressor"),
)
MAX_FITMENTS = 50
#: What a capability key looks like (``RECOVERY_POINTS``).
TAG_KEY = re.compile(r"[A-Z0-9_]{1,32}")


async def ensure_default_capabilities() -> None:
    """Store the default tags that are missing (a second run adds nothing)."""
    known = set(await PartCapability.all().values_list("key", flat=True))
    missing = [
        PartCapability(key=key, name_zh=zh, name_en=en)
        for key, zh, en in DEFAULT_CAPABILITIES
        if key not in known
    ]
    if missing:
        await PartCapability.bulk_create(missing, ignore_conflicts=True)


async def capabilities() -> list[PartCapability]:
    await ensure_default_capabilities()
    return list(await PartCapability.all().order_by("key"))


async def _checked_tags(tags: list[str]) -> list[str]:
    wanted = list(dict.fromkeys(tag.strip().upper() for tag in tags))
    await ensure_default_capabilities()
    # a tag that cannot be a key (a NUL byte, say, which PostgreSQL refuses) is unknown as is
    keys = [tag for tag in wanted if TAG_KEY.fullmatch(tag)]
    known = set(await PartCapability.filter(key__in=keys).values_list("key", flat=True))
    for index, tag in enumerate(wanted):
        if tag not in known:
            raise DomainError(
                ErrorCode.UNKNOWN_CAPABILITY, field=("capability_tags", index), tag=tag
            )
    return wanted


async def create_part_model(
    *,
    actor: Actor,
    maker: str,
    part_number: str,
    name_zh: str,
    name_en: str,
    category: PartCategory | str,
    capability_tags: list[str],
    fits_vehicle_model_ids: list[int] | None = None,
) -> PartModel:
    """Add a part model to the actor's catalog. FORBIDDEN unless the actor is an issuer;
    PART_NUMBER_TAKEN when the actor already lists the part number (a unique key);
    UNKNOWN_CAPABILITY for a tag that is not in the data; NOT_FOUND for a vehicle model."""
    require_role(actor, StaffRole.ISSUER)
    clean_maker = text(maker, name="maker", max_length=64, required=True) or ""
    number = text(part_number, name="part_number", max_length=64, required=True) or ""
    zh = text(name_zh, name="name_zh", max_length=128, required=True) or ""
    en = text(name_en, name="name_en", max_length=128, required=True) or ""
    try:
        kind = PartCategory(category)
    except ValueError:
        raise InvalidInput(field="category") from None
    tags = await _checked_tags(capability_tags)
    fits = list(dict.fromkeys(fits_vehicle_model_ids or []))
    if len(fits) > MAX_FITMENTS:
        raise InvalidInput(field="fits_vehicle_model_ids")
    found = set(await VehicleModel.filter(id__in=fits).values_list("id", flat=True))
    for index, model_id in enumerate(fits):
        if model_id not in found:
            raise NotFound(field=("fits_vehicle_model_ids", index))
    try:
        async with in_transaction() as conn:
            part = await PartModel.create(
                issuer_id=actor.id,
                maker=clean_maker,
                part_number=number,
                name_zh=zh,
                name_en=en,
                category=kind,
                capability_tags=tags,
                using_db=conn,
            )
            await PartFitment.bulk_create(
                [PartFitment(part_model_id=part.id, vehicle_model_id=m) for m in fits],
                using_db=conn,
            )
    except IntegrityError:
        raise DomainError(ErrorCode.PART_NUMBER_TAKEN, field="part_number") from None
    return part


async def update_part_model(
    *,
    actor: Actor,
    part_model_id: int,
    name_zh: str | None = None,
    name_en: str | None = None,
    capability_tags: list[str] | None = None,
    fits_vehicle_model_ids: list[int] | None = None,
) -> PartModel:
    """Change the names, tags or fitment of one of the actor's part models (what is not given
    stays). The maker and part number are on every label and never change. NOT_FOUND for a
    part model of another issuer (admins may edit any); UNKNOWN_CAPABILITY as on creation."""
    require_role(actor, StaffRole.ISSUER)
    part = await PartModel.get_or_none(id=part_model_id)
    if part is None or (part.issuer_id != actor.id and StaffRole.ADMIN.value not in actor.roles):
        raise NotFound(field="part_model_id")
    changes: dict[str, object] = {}
    if name_zh is not None:
        changes["name_zh"] = text(name_zh, name="name_zh", max_length=128, required=True)
    if name_en is not None:
        changes["name_en"] = text(name_en, name="name_en", max_length=128, required=True)
    if capability_tags is not None:
        changes["capability_tags"] = await _checked_tags(capability_tags)
    fits = None if fits_vehicle_model_ids is None else list(dict.fromkeys(fits_vehicle_model_ids))
    if fits is not None:
        if len(fits) > MAX_FITMENTS:
            raise InvalidInput(field="fits_vehicle_model_ids")
        found = set(await VehicleModel.filter(id__in=fits).values_list("id", flat=True))
        for index, model_id in enumerate(fits):
            if model_id not in found:
                raise NotFound(field=("fits_vehicle_model_ids", index))
    async with in_transaction() as conn:
        if changes:
            await PartModel.filter(id=part.id).using_db(conn).update(**changes)
        if fits is not None:
            await PartFitment.filter(part_model_id=part.id).using_db(conn).delete()
            await PartFitment.bulk_create(
                [PartFitment(part_model_id=part.id, vehicle_model_id=m) for m in fits],
                using_db=conn,
            )
    await part.refresh_from_db()
    return part


async def part_models(*, issuer_id: int | None = None, limit: int = 100) -> list[PartModel]:
    query = PartModel.all() if issuer_id is None else PartModel.filter(issuer_id=issuer_id)
    return list(await query.order_by("-id").limit(limit))


async def fitted_vehicle_models(part_model_id: int) -> list[VehicleModel]:
    return list(
        await VehicleModel.filter(part_fitments__part_model_id=part_model_id).order_by("id")
    )
