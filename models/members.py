"""Member profiles, privacy settings, the vehicle catalog and garages, data exports."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.accounts import Account


class Visibility(StrEnum):
    PUBLIC = "PUBLIC"
    MEMBERS = "MEMBERS"
    CIRCLES = "CIRCLES"


class Drivetrain(StrEnum):
    AWD = "AWD"
    FOUR_WD = "4WD"
    TWO_WD = "2WD"


class Member(Model):
    id = fields.BigIntField(primary_key=True)
    account: fields.OneToOneRelation[Account] = fields.OneToOneField(
        "models.Account", related_name="member", on_delete=fields.CASCADE
    )
    handle = fields.CharField(max_length=32)
    #: Lower-cased handle, the unique key that makes handles case-insensitive.
    handle_key = fields.CharField(max_length=32, unique=True)
    display_name = fields.CharField(max_length=64)
    avatar_url = fields.CharField(max_length=500, null=True)
    city = fields.CharField(max_length=64, null=True, db_index=True)
    bio = fields.CharField(max_length=500, default="")
    locale = fields.CharField(max_length=8, default="zh-CN")
    visibility = fields.CharEnumField(Visibility, max_length=8, default=Visibility.MEMBERS)
    show_garage = fields.BooleanField(default=True)
    show_badges = fields.BooleanField(default=True)
    #: Set when the account was deleted, the row stays so history keeps its references.
    deleted_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    vehicles: fields.ReverseRelation[Vehicle]
    exports: fields.ReverseRelation[DataExport]
    if TYPE_CHECKING:
        account_id: int

    class Meta:
        table = "members"


class VehicleModel(Model):
    """A catalog entry: a real model members can pick for their garage."""

    id = fields.IntField(primary_key=True)
    #: Stable key such as ``ford-bronco-2021``.
    key = fields.CharField(max_length=64, unique=True)
    brand = fields.CharField(max_length=64)
    #: The brand as written in Chinese (福特, 坦克, 北京越野).
    brand_zh = fields.CharField(max_length=64, default="")
    name = fields.CharField(max_length=64)
    name_zh = fields.CharField(max_length=64)
    drivetrain = fields.CharEnumField(Drivetrain, max_length=3)
    #: ``SUV`` or ``PICKUP``.
    body = fields.CharField(max_length=16, default="SUV")

    class Meta:
        table = "vehicle_models"


class Vehicle(Model):
    id = fields.BigIntField(primary_key=True)
    owner: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="vehicles", on_delete=fields.CASCADE
    )
    model: fields.ForeignKeyRelation[VehicleModel] = fields.ForeignKeyField(
        "models.VehicleModel", related_name="vehicles", on_delete=fields.RESTRICT
    )
    year = fields.SmallIntField()
    nickname = fields.CharField(max_length=32, default="")
    #: Shown to the owner only.
    plate = fields.CharField(max_length=16, null=True)
    #: HMAC-SHA256 of the VIN under ``VIN_HASH_KEY``, the VIN itself is never stored.
    vin_hash = fields.CharField(max_length=64, null=True, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    if TYPE_CHECKING:
        owner_id: int
        model_id: int

    class Meta:
        table = "vehicles"
        indexes = [("owner_id", "id")]


class ExportStatus(StrEnum):
    PENDING = "PENDING"
    READY = "READY"
    FAILED = "FAILED"


class DataExport(Model):
    """A member's request for a copy of everything held about them."""

    id = fields.BigIntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="exports", on_delete=fields.CASCADE
    )
    status = fields.CharEnumField(ExportStatus, max_length=8, default=ExportStatus.PENDING)
    #: The member's id while the export is pending and NULL afterwards. Unique, so a member has
    #: at most one pending export whatever the concurrency.
    pending_member_id = fields.BigIntField(null=True, unique=True)
    #: The JSON document once built (kept in the database so any API process can serve it).
    document: dict[str, Any] | None = fields.JSONField(null=True)  # type: ignore[assignment]
    requested_at = fields.DatetimeField(auto_now_add=True)
    completed_at = fields.DatetimeField(null=True)
    if TYPE_CHECKING:
        member_id: int

    class Meta:
        table = "data_exports"
        indexes = [("member_id", "id")]


#: Check constraints PostgreSQL enforces beside the services' own checks.
POSTGRES_DDL: list[str] = [
    "ALTER TABLE members ADD CONSTRAINT members_handle_key_lower "
    "CHECK (handle_key = lower(handle))",
    "ALTER TABLE vehicles ADD CONSTRAINT vehicles_year_range CHECK (year BETWEEN 1950 AND 2100)",
    "ALTER TABLE data_exports ADD CONSTRAINT data_exports_pending_owner CHECK "
    "(pending_member_id IS NULL OR (status = 'PENDING' AND pending_member_id = member_id))",
]
