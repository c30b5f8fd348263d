"""Vehicle catalog and garage types."""

from __future__ import annotations

from collections.abc import Iterable

import strawberry
from strawberry import relay

from models.members import Drivetrain, Vehicle, VehicleModel
from schema.core.context import Info
from schema.core.enums import describe_values
from schema.core.ids import key_of, type_name
from schema.members.access import audit_reads, profile_accesses
from schema.members.loaders import MemberByIdLoader, VehicleByIdLoader, VehicleModelByIdLoader
from services.members.privacy import GARAGE

# ``strawberry.enum`` registers the GraphQL enum on the model's enum class itself
strawberry.enum(
    Drivetrain,
    name="Drivetrain",
    description="How a vehicle drives its wheels: AWD, FOUR_WD (4WD, low range), TWO_WD.",
)
describe_values(
    Drivetrain,
    {
        "AWD": "All-wheel drive.",
        "FOUR_WD": "Four-wheel drive with low range (4WD).",
        "TWO_WD": "Two-wheel drive.",
    },
)
DrivetrainEnum = Drivetrain


@strawberry.type(name="VehicleModel", description="A model in the vehicle catalog (车型).")
class VehicleModelNode(relay.Node):
    model_id: relay.NodeID[int]
    key: str = strawberry.field(description="Stable key, e.g. `ford-bronco`.")
    brand: str = strawberry.field(description="Brand in English.")
    brand_zh: str = strawberry.field(description="Brand in Chinese (品牌).")
    name: str = strawberry.field(description="Model name in English.")
    name_zh: str = strawberry.field(description="Model name in Chinese (车型名称).")
    drivetrain: DrivetrainEnum = strawberry.field(description="Drivetrain of the model.")
    body: str = strawberry.field(description="Body style: SUV or PICKUP.")

    @classmethod
    def from_model(cls, model: VehicleModel) -> VehicleModelNode:
        return cls(
            model_id=model.id,
            key=model.key,
            brand=model.brand,
            brand_zh=model.brand_zh,
            name=model.name,
            name_zh=model.name_zh,
            drivetrain=model.drivetrain,
            body=model.body,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # relay.Node overloads it on `required`
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[VehicleModelNode | None]:
        keys = [key_of(relay.GlobalID(type_name(cls), raw), cls) for raw in node_ids]
        found = await info.context.loaders.get(VehicleModelByIdLoader).load_many(
            [key for key in keys if key is not None]
        )
        by_id = {model.id: model for model in found if model is not None}
        return [
            cls.from_model(by_id[key]) if key is not None and key in by_id else None for key in keys
        ]


@strawberry.type(name="Vehicle", description="A vehicle in a member's garage.")
class VehicleNode(relay.Node):
    vehicle_id: relay.NodeID[int]
    model: VehicleModelNode = strawberry.field(description="The catalog model.")
    year: int = strawberry.field(description="Model year.")
    nickname: str = strawberry.field(description="The owner's name for it (may be empty).")
    plate: str | None = strawberry.field(
        description="Licence plate: shown to the owner only, null for everyone else."
    )
    vin_registered: bool | None = strawberry.field(
        description="Whether a VIN is on file (the VIN itself is never shown, only its keyed "
        "hash is stored). Owner only, null for everyone else."
    )

    @classmethod
    def from_model(cls, vehicle: Vehicle, *, owner: bool) -> VehicleNode:
        return cls(
            vehicle_id=vehicle.id,
            model=VehicleModelNode.from_model(vehicle.model),
            year=vehicle.year,
            nickname=vehicle.nickname,
            plate=vehicle.plate if owner else None,
            vin_registered=(vehicle.vin_hash is not None) if owner else None,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # relay.Node overloads it on `required`
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[VehicleNode | None]:
        """A vehicle is visible exactly when its owner's garage is (privacy rule)."""
        keys = [key_of(relay.GlobalID(type_name(cls), raw), cls) for raw in node_ids]
        loaded = await info.context.loaders.get(VehicleByIdLoader).load_many(
            [key for key in keys if key is not None]
        )
        vehicles = {v.id: v for v in loaded if v is not None}
        owner_ids = sorted({v.owner_id for v in vehicles.values()})
        owners = await info.context.loaders.get(MemberByIdLoader).load_many(owner_ids)
        reader, accesses = await profile_accesses(info, owners)
        access_of = {
            owner_id: access
            for owner_id, access in zip(owner_ids, accesses, strict=True)
            if access is not None and access.sees(GARAGE)
        }
        await audit_reads(
            info, reader, [(oid, a) for oid, a in access_of.items() if GARAGE in a.audited]
        )
        result: list[VehicleNode | None] = []
        for key in keys:
            vehicle = vehicles.get(key) if key is not None else None
            access = access_of.get(vehicle.owner_id) if vehicle else None
            result.append(
                cls.from_model(vehicle, owner=access.owner) if vehicle and access else None
            )
        return result
