"""What the members mutations answer."""

from __future__ import annotations

from typing import Any, Self

import strawberry
from strawberry import relay

from models.members import DataExport, Member, Vehicle
from schema.core.payload import Payload
from schema.members.exports import DataExportNode, PrivacySettings
from schema.members.types import MemberNode
from schema.members.vehicles import VehicleNode


@strawberry.type(description="Result of updateProfile.")
class UpdateProfilePayload(Payload):
    member: MemberNode | None = strawberry.field(default=None, description="The updated profile.")

    @classmethod
    def of(cls, result: Member) -> Self:
        return cls(member=MemberNode.for_owner(result))


@strawberry.type(description="Result of updatePrivacy.")
class UpdatePrivacyPayload(Payload):
    privacy: PrivacySettings | None = strawberry.field(
        default=None, description="The settings now in force."
    )


@strawberry.type(description="Result of addVehicle or updateVehicle.")
class VehiclePayload(Payload):
    vehicle: VehicleNode | None = strawberry.field(
        default=None, description="The vehicle as stored."
    )

    @classmethod
    def of(cls, result: Vehicle) -> Self:
        return cls(vehicle=VehicleNode.from_model(result, owner=True))


@strawberry.type(description="Result of removeVehicle.")
class RemoveVehiclePayload(Payload):
    removed_vehicle_id: relay.GlobalID | None = strawberry.field(
        default=None, description="ID of the removed vehicle."
    )


@strawberry.type(description="Result of requestDataExport.")
class RequestDataExportPayload(Payload):
    data_export: DataExportNode | None = strawberry.field(
        default=None, description="The pending export (an already pending one is returned as is)."
    )
    client_mutation_id: str | None = strawberry.field(
        default=None, description="As given in the input."
    )

    @classmethod
    def of(cls, result: DataExport) -> Self:
        return cls(data_export=DataExportNode.from_model(result))


@strawberry.type(description="Result of deleteAccount.")
class DeleteAccountPayload(Payload):
    deleted: bool = strawberry.field(
        default=False, description="The account is closed and will be erased."
    )

    @classmethod
    def of(cls, result: Any) -> Self:
        """The service returns nothing: reaching here means the account was closed."""
        return cls(deleted=True)
