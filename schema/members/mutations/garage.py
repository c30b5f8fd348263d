"""Adding, changing and removing the viewer's vehicles."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from schema.core.context import Info
from schema.core.ids import Id
from schema.core.runner import Service, run
from schema.members.inputs import AddVehicleInput, RemoveVehicleInput, UpdateVehicleInput, given
from schema.members.loaders import VehiclesByOwnerLoader
from schema.members.mutations.payloads import RemoveVehiclePayload, VehiclePayload
from schema.members.vehicles import VehicleModelNode, VehicleNode
from services.core.actors import Actor
from services.members import garage


def _then_reload_garages(info: Info, change: Service) -> Service:
    """``change``, after which this request's garages are read again (only if it succeeded)."""

    async def changed(**arguments: Any) -> Any:
        result = await change(**arguments)
        info.context.loaders.get(VehiclesByOwnerLoader).clear_all()
        return result

    return changed


@strawberry.type
class GarageMutations:
    @strawberry.mutation(description="Add a vehicle from the catalog to the viewer's garage.")
    async def add_vehicle(self, info: Info, input: AddVehicleInput) -> VehiclePayload:
        return await run(
            info,
            VehiclePayload,
            _then_reload_garages(info, garage.add_vehicle),
            model_key=input.model_key,
            vehicle_model_id=Id(input.vehicle_model_id, VehicleModelNode, optional=True),
            year=input.year,
            nickname=input.nickname,
            plate=input.plate,
            vin=input.vin,
        )

    @strawberry.mutation(description="Change one of the viewer's vehicles.")
    async def update_vehicle(self, info: Info, input: UpdateVehicleInput) -> VehiclePayload:
        return await run(
            info,
            VehiclePayload,
            _then_reload_garages(info, garage.update_vehicle),
            vehicle_id=Id(input.vehicle_id, VehicleNode),
            year=given(input.year),
            nickname=given(input.nickname),
            plate=given(input.plate),
            vin=given(input.vin),
        )

    @strawberry.mutation(description="Remove one of the viewer's vehicles.")
    async def remove_vehicle(self, info: Info, input: RemoveVehicleInput) -> RemoveVehiclePayload:
        async def remove(*, actor: Actor, vehicle_id: int) -> relay.GlobalID:
            await garage.remove_vehicle(actor=actor, vehicle_id=vehicle_id)
            return input.vehicle_id

        return await run(
            info,
            RemoveVehiclePayload,
            _then_reload_garages(info, remove),
            vehicle_id=Id(input.vehicle_id, VehicleNode),
        )
