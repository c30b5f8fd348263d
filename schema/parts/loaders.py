"""Loaders of the parts domain."""

from __future__ import annotations

from models.members import VehicleModel
from models.parts import IssuerKey, PartFitment, PartModel, PartUnit
from schema.loaders import BatchLoader, many_per_key, one_per_key


class PartModelByIdLoader(BatchLoader[int, PartModel | None]):
    async def load_batch(self, keys: list[int]) -> list[PartModel | None]:
        return one_per_key(keys, await PartModel.filter(id__in=keys), lambda row: row.id)


class PartUnitByIdLoader(BatchLoader[int, PartUnit | None]):
    async def load_batch(self, keys: list[int]) -> list[PartUnit | None]:
        return one_per_key(keys, await PartUnit.filter(id__in=keys), lambda row: row.id)


class IssuerKeyByIdLoader(BatchLoader[int, IssuerKey | None]):
    async def load_batch(self, keys: list[int]) -> list[IssuerKey | None]:
        return one_per_key(keys, await IssuerKey.filter(id__in=keys), lambda row: row.id)


class FittedModelsByPartModelLoader(BatchLoader[int, list[VehicleModel]]):
    async def load_batch(self, keys: list[int]) -> list[list[VehicleModel]]:
        rows = await PartFitment.filter(part_model_id__in=keys).select_related("vehicle_model")
        grouped = many_per_key(keys, rows, lambda row: row.part_model_id)
        return [[row.vehicle_model for row in group] for group in grouped]
