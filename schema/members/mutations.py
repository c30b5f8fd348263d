"""Member mutations: profile, privacy, garage, data export, account deletion.

Each resolver decodes its input, calls one service and maps a ``DomainError`` into ``errors``.
Being signed out is a protocol error (top-level ``UNAUTHENTICATED``), not a payload error.
"""

from __future__ import annotations

import strawberry

from schema.core.context import Info
from schema.core.errors import user_errors
from schema.members import inputs as i
from schema.members.exports import DataExportNode, PrivacySettings
from schema.members.loaders import VehiclesByOwnerLoader
from schema.members.types import MemberNode
from schema.members.vehicles import VehicleNode
from services.errors import DomainError
from services.members import deletion, export, garage, profile


@strawberry.type
class MemberMutations:
    @strawberry.mutation(description="Change the viewer's profile.")
    async def update_profile(
        self, info: Info, input: i.UpdateProfileInput
    ) -> i.UpdateProfilePayload:
        viewer = await info.context.require_viewer()
        try:
            member = await profile.update_profile(
                actor=viewer.member,
                display_name=i.given(input.display_name),
                avatar_url=i.given(input.avatar_url),
                city=i.given(input.city),
                bio=i.given(input.bio),
                locale=i.given(input.locale),
            )
        except DomainError as exc:
            return i.UpdateProfilePayload(member=None, errors=user_errors(exc, info.context.locale))
        return i.UpdateProfilePayload(member=MemberNode.for_owner(member), errors=[])

    @strawberry.mutation(description="Change who sees the viewer's profile, garage and badges.")
    async def update_privacy(
        self, info: Info, input: i.UpdatePrivacyInput
    ) -> i.UpdatePrivacyPayload:
        viewer = await info.context.require_viewer()
        try:
            member = await profile.update_privacy(
                actor=viewer.member,
                visibility=i.given(input.visibility),
                show_garage=i.given(input.show_garage),
                show_badges=i.given(input.show_badges),
            )
        except DomainError as exc:
            return i.UpdatePrivacyPayload(
                privacy=None, errors=user_errors(exc, info.context.locale)
            )
        return i.UpdatePrivacyPayload(privacy=PrivacySettings.from_model(member), errors=[])

    @strawberry.mutation(description="Add a vehicle from the catalog to the viewer's garage.")
    async def add_vehicle(self, info: Info, input: i.AddVehicleInput) -> i.VehiclePayload:
        viewer = await info.context.require_viewer()
        try:
            vehicle = await garage.add_vehicle(
                actor=viewer.member,
                model_key=input.model_key,
                model_id=i.decode_optional_id(
                    input.vehicle_model_id, "VehicleModel", "vehicleModelId"
                ),
                year=input.year,
                nickname=input.nickname,
                plate=input.plate,
                vin=input.vin,
            )
        except DomainError as exc:
            return i.VehiclePayload(vehicle=None, errors=user_errors(exc, info.context.locale))
        info.context.loaders.get(VehiclesByOwnerLoader).clear_all()
        return i.VehiclePayload(vehicle=VehicleNode.from_model(vehicle, owner=True), errors=[])

    @strawberry.mutation(description="Change one of the viewer's vehicles.")
    async def update_vehicle(self, info: Info, input: i.UpdateVehicleInput) -> i.VehiclePayload:
        viewer = await info.context.require_viewer()
        try:
            vehicle = await garage.update_vehicle(
                actor=viewer.member,
                vehicle_id=i.decode_id(input.vehicle_id, "Vehicle", "vehicleId"),
                year=i.given(input.year),
                nickname=i.given(input.nickname),
                plate=i.given(input.plate),
                vin=i.given(input.vin),
            )
        except DomainError as exc:
            return i.VehiclePayload(vehicle=None, errors=user_errors(exc, info.context.locale))
        info.context.loaders.get(VehiclesByOwnerLoader).clear_all()
        return i.VehiclePayload(vehicle=VehicleNode.from_model(vehicle, owner=True), errors=[])

    @strawberry.mutation(description="Remove one of the viewer's vehicles.")
    async def remove_vehicle(
        self, info: Info, input: i.RemoveVehicleInput
    ) -> i.RemoveVehiclePayload:
        viewer = await info.context.require_viewer()
        try:
            vehicle_id = i.decode_id(input.vehicle_id, "Vehicle", "vehicleId")
            await garage.remove_vehicle(actor=viewer.member, vehicle_id=vehicle_id)
        except DomainError as exc:
            errors = user_errors(exc, info.context.locale)
            return i.RemoveVehiclePayload(removed_vehicle_id=None, errors=errors)
        info.context.loaders.get(VehiclesByOwnerLoader).clear_all()
        return i.RemoveVehiclePayload(removed_vehicle_id=input.vehicle_id, errors=[])

    @strawberry.mutation(
        description="Ask for a copy of everything held about the viewer; a job builds it and "
        "a DATA_EXPORT_READY notification follows. Fetch it from `viewer.dataExports`."
    )
    async def request_data_export(
        self, info: Info, input: i.RequestDataExportInput | None = None
    ) -> i.RequestDataExportPayload:
        viewer = await info.context.require_viewer()
        echo = input.client_mutation_id if input else None
        try:
            row = await export.request_data_export(actor=viewer.member)
        except DomainError as exc:
            errors = user_errors(exc, info.context.locale)
            return i.RequestDataExportPayload(
                data_export=None, client_mutation_id=echo, errors=errors
            )
        node = DataExportNode.from_model(row)
        return i.RequestDataExportPayload(data_export=node, client_mutation_id=echo, errors=[])

    @strawberry.mutation(
        description="Delete the viewer's account: signs out everywhere at once; personal data "
        "is then erased or pseudonymised, shared history stays under a pseudonym."
    )
    async def delete_account(
        self, info: Info, input: i.DeleteAccountInput
    ) -> i.DeleteAccountPayload:
        viewer = await info.context.require_viewer()
        try:
            await deletion.delete_account(actor=viewer.member, password=input.password)
        except DomainError as exc:
            return i.DeleteAccountPayload(
                deleted=False, errors=user_errors(exc, info.context.locale)
            )
        return i.DeleteAccountPayload(deleted=True, errors=[])
