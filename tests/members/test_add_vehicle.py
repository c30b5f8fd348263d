"""addVehicle: catalog model, year, plate, and a VIN kept only as a keyed hash."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest

from models.members import Vehicle, VehicleModel
from tests.factories import make_member
from tests.members.conftest import global_id
from tests.members.garage_support import ADD, MY_GARAGE, VIN, garage_rows, keyed_hash


async def test_add_vehicle_stores_vin_only_as_keyed_hash(gql: Any, catalog: None) -> None:
    # given
    me = await make_member("rider")
    # when
    data = await gql.data(
        ADD,
        {
            "input": {
                "modelKey": "FORD-BRONCO",
                "year": 2024,
                "nickname": "大黄蜂",
                "plate": "京a·12345",
                "vin": VIN.lower(),
            }
        },
        token=me.token,
    )
    # then
    vehicle = data["addVehicle"]["vehicle"]
    assert data["addVehicle"]["errors"] == []
    assert vehicle["model"] == {
        "key": "ford-bronco",
        "nameZh": "Bronco 烈马",
        "drivetrain": "FOUR_WD",
    }
    assert (vehicle["year"], vehicle["nickname"], vehicle["plate"]) == (2024, "大黄蜂", "京A12345")
    assert vehicle["vinRegistered"] is True
    [row] = await garage_rows(me.member.id)
    assert row["vin_hash"] == keyed_hash(VIN)
    assert VIN not in str(row).upper()
    garage = (await gql.data(MY_GARAGE, token=me.token))["viewer"]["vehicles"]
    assert [v["plate"] for v in garage] == ["京A12345"]


async def test_vin_is_not_in_the_schema(gql: Any) -> None:
    # when
    result = await gql("query { viewer { vehicles { vin } } }")
    # then
    assert result["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_add_vehicle_by_catalog_id(gql: Any, catalog: None) -> None:
    # given
    me = await make_member("rider")
    model = await VehicleModel.get(key="tank-300")
    # when
    data = await gql.data(
        ADD,
        {"input": {"vehicleModelId": global_id("VehicleModel", model.id), "year": 2023}},
        token=me.token,
    )
    # then
    vehicle = data["addVehicle"]["vehicle"]
    assert vehicle["model"]["key"] == "tank-300"
    assert (vehicle["plate"], vehicle["vinRegistered"], vehicle["nickname"]) == (None, False, "")


NEXT_YEAR = datetime.now(UTC).year + 1
BAD_ADD_INPUTS = [
    ({"modelKey": "ford-bronco", "year": 1949}, "INVALID_INPUT", ["input", "year"]),
    ({"modelKey": "ford-bronco", "year": NEXT_YEAR + 1}, "INVALID_INPUT", ["input", "year"]),
    (
        {"modelKey": "ford-bronco", "year": 2024, "vin": "LVSHFFAL5PS12345"},
        "INVALID_INPUT",
        ["input", "vin"],
    ),
    (
        {"modelKey": "ford-bronco", "year": 2024, "vin": "LVSHFFAL5PS12345O"},
        "INVALID_INPUT",
        ["input", "vin"],
    ),
    (
        {"modelKey": "ford-bronco", "year": 2024, "plate": "京A12<>"},
        "INVALID_INPUT",
        ["input", "plate"],
    ),
    (
        {"modelKey": "ford-bronco", "year": 2024, "nickname": "n" * 33},
        "INVALID_INPUT",
        ["input", "nickname"],
    ),
    ({"modelKey": "lada-niva", "year": 2024}, "NOT_FOUND", ["input", "modelKey"]),
    ({"year": 2024}, "INVALID_INPUT", ["input", "modelKey"]),
    (
        {"modelKey": "ford-bronco", "vehicleModelId": global_id("VehicleModel", 1), "year": 2024},
        "INVALID_INPUT",
        ["input", "modelKey"],
    ),
    (
        {"vehicleModelId": global_id("Member", 1), "year": 2024},
        "NOT_FOUND",
        ["input", "vehicleModelId"],
    ),
    (
        {"vehicleModelId": global_id("VehicleModel", 99999), "year": 2024},
        "NOT_FOUND",
        ["input", "vehicleModelId"],
    ),
]


@pytest.mark.parametrize(("given", "code", "field"), BAD_ADD_INPUTS)
async def test_bad_vehicle_input_adds_nothing(
    gql: Any, catalog: None, given: dict[str, Any], code: str, field: list[str]
) -> None:
    # given
    me = await make_member("rider")
    # when
    data = await gql.data(ADD, {"input": given}, token=me.token)
    # then
    assert data["addVehicle"]["vehicle"] is None
    assert [(e["code"], e["field"]) for e in data["addVehicle"]["errors"]] == [(code, field)]
    assert await Vehicle.all().count() == 0


async def test_a_vin_belongs_to_one_account(gql: Any, catalog: None) -> None:
    # given
    first = await make_member("first")
    second = await make_member("second")
    await gql.data(
        ADD, {"input": {"modelKey": "ford-bronco", "year": 2024, "vin": VIN}}, token=first.token
    )
    # when
    data = await gql.data(
        ADD,
        {"input": {"modelKey": "jeep-wrangler", "year": 2022, "vin": f" {VIN.lower()} "}},
        token=second.token,
    )
    # then
    assert data["addVehicle"]["errors"][0]["code"] == "VEHICLE_TAKEN"
    assert data["addVehicle"]["errors"][0]["field"] == ["input", "vin"]
    assert await garage_rows(second.member.id) == []


async def test_concurrent_claims_of_one_vin_let_exactly_one_win(gql: Any, catalog: None) -> None:
    # given
    riders = [await make_member(f"rider{n}") for n in range(6)]
    variables = {"input": {"modelKey": "tank-300", "year": 2023, "vin": VIN}}
    # when
    results = await asyncio.gather(*(gql.data(ADD, variables, token=r.token) for r in riders))
    # then
    codes = sorted(e["code"] for r in results for e in r["addVehicle"]["errors"])
    assert codes == ["VEHICLE_TAKEN"] * 5
    assert await Vehicle.filter(vin_hash=keyed_hash(VIN)).count() == 1
