"""Inputs and payloads of the members mutations."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from schema.core.errors import UserError
from schema.members.exports import DataExportNode, PrivacySettings, VisibilityEnum
from schema.members.types import MemberNode
from schema.members.vehicles import VehicleNode
from services.errors import NotFound
from services.members.validation import KEEP

UNSET: Any = strawberry.UNSET


def given(value: Any) -> Any:
    """An omitted input field means: keep the stored value."""
    return KEEP if value is strawberry.UNSET else value


def decode_id(global_id: relay.GlobalID, type_name: str, field: str) -> int:
    """The database id behind a global ID of ``type_name`` (NOT_FOUND for another type)."""
    if global_id.type_name != type_name or not global_id.node_id.isdigit():
        raise NotFound(field=["input", field])
    return int(global_id.node_id)


def decode_optional_id(global_id: relay.GlobalID | None, type_name: str, field: str) -> int | None:
    return decode_id(global_id, type_name, field) if global_id is not None else None


@strawberry.input(description="Profile fields to change; omitted fields stay as they are.")
class UpdateProfileInput:
    display_name: str | None = strawberry.field(default=UNSET, description="1-64 characters.")
    avatar_url: str | None = strawberry.field(
        default=UNSET, description="An https:// image URL (null or blank removes it)."
    )
    city: str | None = strawberry.field(default=UNSET, description="Up to 64 characters.")
    bio: str | None = strawberry.field(default=UNSET, description="Up to 500 characters.")
    locale: str | None = strawberry.field(default=UNSET, description="`zh-CN` or `en`.")


@strawberry.input(description="Privacy settings to change; omitted fields stay as they are.")
class UpdatePrivacyInput:
    visibility: VisibilityEnum | None = strawberry.field(  # type: ignore[valid-type]
        default=UNSET, description="Who sees the profile."
    )
    show_garage: bool | None = strawberry.field(default=UNSET, description="Show the garage.")
    show_badges: bool | None = strawberry.field(default=UNSET, description="Show badges.")


@strawberry.input(description="A vehicle to add to the viewer's garage.")
class AddVehicleInput:
    year: int = strawberry.field(description="Model year, 1950 to next year.")
    model_key: str | None = strawberry.field(
        default=None, description="Catalog key (give this or vehicleModelId)."
    )
    vehicle_model_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Catalog entry ID (give this or modelKey)."
    )
    nickname: str | None = strawberry.field(default=None, description="Up to 32 characters.")
    plate: str | None = strawberry.field(
        default=None, description="Licence plate, e.g. 京A12345 (shown to you only)."
    )
    vin: str | None = strawberry.field(
        default=None,
        description="17-character VIN: stored only as a keyed hash, never shown, and a VIN can "
        "be registered to one account only.",
    )


@strawberry.input(description="Fields of one of the viewer's vehicles to change.")
class UpdateVehicleInput:
    vehicle_id: relay.GlobalID = strawberry.field(description="The vehicle.")
    year: int | None = strawberry.field(default=UNSET, description="Model year.")
    nickname: str | None = strawberry.field(default=UNSET, description="Blank clears it.")
    plate: str | None = strawberry.field(default=UNSET, description="Blank clears it.")
    vin: str | None = strawberry.field(default=UNSET, description="Blank clears it.")


@strawberry.input(description="One of the viewer's vehicles to remove.")
class RemoveVehicleInput:
    vehicle_id: relay.GlobalID = strawberry.field(description="The vehicle.")


@strawberry.input(description="Ask for a copy of your data.")
class RequestDataExportInput:
    client_mutation_id: str | None = strawberry.field(
        default=None, description="Echoed back in the payload."
    )


@strawberry.input(description="Delete the viewer's account (cannot be undone).")
class DeleteAccountInput:
    password: str = strawberry.field(description="The account's current password.")


@strawberry.type(description="Result of updateProfile.")
class UpdateProfilePayload:
    member: MemberNode | None = strawberry.field(description="The updated profile.")
    errors: list[UserError] = strawberry.field(description="Why nothing was changed.")


@strawberry.type(description="Result of updatePrivacy.")
class UpdatePrivacyPayload:
    privacy: PrivacySettings | None = strawberry.field(description="The settings now in force.")
    errors: list[UserError] = strawberry.field(description="Why nothing was changed.")


@strawberry.type(description="Result of addVehicle or updateVehicle.")
class VehiclePayload:
    vehicle: VehicleNode | None = strawberry.field(description="The vehicle as stored.")
    errors: list[UserError] = strawberry.field(description="Why nothing was changed.")


@strawberry.type(description="Result of removeVehicle.")
class RemoveVehiclePayload:
    removed_vehicle_id: relay.GlobalID | None = strawberry.field(
        description="ID of the removed vehicle."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing was changed.")


@strawberry.type(description="Result of requestDataExport.")
class RequestDataExportPayload:
    data_export: DataExportNode | None = strawberry.field(
        description="The pending export (an already pending one is returned as is)."
    )
    client_mutation_id: str | None = strawberry.field(description="As given in the input.")
    errors: list[UserError] = strawberry.field(description="Why nothing was changed.")


@strawberry.type(description="Result of deleteAccount.")
class DeleteAccountPayload:
    deleted: bool = strawberry.field(description="The account is closed and will be erased.")
    errors: list[UserError] = strawberry.field(description="Why nothing was changed.")
