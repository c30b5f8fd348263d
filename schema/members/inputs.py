"""Inputs of the members mutations, and ``given`` for the fields they may omit."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from schema.members.exports import VisibilityEnum
from services.members.validation import KEEP

UNSET: Any = strawberry.UNSET


def given(value: Any) -> Any:
    """An omitted input field means: keep the stored value."""
    return KEEP if value is strawberry.UNSET else value


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
    visibility: VisibilityEnum | None = strawberry.field(
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
