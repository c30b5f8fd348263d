"""updateVehicle, removeVehicle and reading a vehicle by ID."""

from __future__ import annotations

from typing import Any

import pytest

from models.members import Member
from tests.factories import make_member
from tests.members.conftest import global_id
from tests.members.garage_support import ADD, REMOVE, UPDATE, VIN, garage_rows


async def test_update_vehicle_changes_given_fields(gql: Any, catalog: None) -> None:
    # given
    me = await make_member("rider")
    added = await gql.data(
        ADD,
        {"input": {"modelKey": "ford-bronco", "year": 2021, "plate": "京A12345", "vin": VIN}},
        token=me.token,
    )
    vehicle_id = added["addVehicle"]["vehicle"]["id"]
    # when
    data = await gql.data(
        UPDATE,
        {"input": {"vehicleId": vehicle_id, "year": 2022, "plate": "", "vin": None}},
        token=me.token,
    )
    # then
    vehicle = data["updateVehicle"]["vehicle"]
    assert data["updateVehicle"]["errors"] == []
    assert (vehicle["year"], vehicle["plate"], vehicle["vinRegistered"]) == (2022, None, False)
    [row] = await garage_rows(me.member.id)
    assert row["vin_hash"] is None


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"year": 1900}, "INVALID_INPUT"),
        ({"vin": "short"}, "INVALID_INPUT"),
        ({"vin": VIN}, "VEHICLE_TAKEN"),
    ],
)
async def test_bad_vehicle_update_changes_nothing(
    gql: Any, catalog: None, change: dict[str, Any], code: str
) -> None:
    # given
    other = await make_member("other")
    me = await make_member("rider")
    await gql.data(
        ADD, {"input": {"modelKey": "tank-500", "year": 2024, "vin": VIN}}, token=other.token
    )
    added = await gql.data(
        ADD, {"input": {"modelKey": "ford-bronco", "year": 2021}}, token=me.token
    )
    before = await garage_rows(me.member.id)
    # when
    data = await gql.data(
        UPDATE,
        {"input": {"vehicleId": added["addVehicle"]["vehicle"]["id"], **change}},
        token=me.token,
    )
    # then
    assert data["updateVehicle"]["errors"][0]["code"] == code
    assert await garage_rows(me.member.id) == before


async def test_someone_elses_vehicle_cannot_be_changed_or_removed(gql: Any, catalog: None) -> None:
    # given
    owner = await make_member("owner")
    intruder = await make_member("intruder")
    added = await gql.data(
        ADD, {"input": {"modelKey": "ford-bronco", "year": 2021}}, token=owner.token
    )
    vehicle_id = added["addVehicle"]["vehicle"]["id"]
    before = await garage_rows(owner.member.id)
    # when
    updated = await gql.data(
        UPDATE, {"input": {"vehicleId": vehicle_id, "year": 2020}}, token=intruder.token
    )
    removed = await gql.data(REMOVE, {"input": {"vehicleId": vehicle_id}}, token=intruder.token)
    wrong_type = await gql.data(
        REMOVE, {"input": {"vehicleId": global_id("Member", owner.member.id)}}, token=owner.token
    )
    # then
    assert updated["updateVehicle"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["input", "vehicleId"]}
    ]
    assert removed["removeVehicle"] == {
        "removedVehicleId": None,
        "errors": [{"code": "NOT_FOUND", "field": ["input", "vehicleId"]}],
    }
    assert wrong_type["removeVehicle"]["errors"][0]["code"] == "NOT_FOUND"
    assert await garage_rows(owner.member.id) == before


async def test_remove_vehicle(gql: Any, catalog: None) -> None:
    # given
    me = await make_member("rider")
    added = await gql.data(
        ADD, {"input": {"modelKey": "ford-bronco", "year": 2021}}, token=me.token
    )
    vehicle_id = added["addVehicle"]["vehicle"]["id"]
    # when
    data = await gql.data(REMOVE, {"input": {"vehicleId": vehicle_id}}, token=me.token)
    again = await gql.data(REMOVE, {"input": {"vehicleId": vehicle_id}}, token=me.token)
    # then
    assert data["removeVehicle"] == {"removedVehicleId": vehicle_id, "errors": []}
    assert again["removeVehicle"]["errors"][0]["code"] == "NOT_FOUND"
    assert await garage_rows(me.member.id) == []


async def test_vehicle_node_follows_the_owners_garage_privacy(gql: Any, catalog: None) -> None:
    # given
    owner = await make_member("owner", visibility="PUBLIC", show_garage=False)
    reader = await make_member("reader")
    added = await gql.data(
        ADD,
        {"input": {"modelKey": "ford-bronco", "year": 2021, "plate": "京A12345"}},
        token=owner.token,
    )
    query = "query($id: ID!) { node(id: $id) { ... on Vehicle { year plate } } }"
    variables = {"id": added["addVehicle"]["vehicle"]["id"]}
    # when
    hidden = await gql.data(query, variables, token=reader.token)
    await Member.filter(id=owner.member.id).update(show_garage=True)
    shown = await gql.data(query, variables, token=reader.token)
    own = await gql.data(query, variables, token=owner.token)
    # then
    assert hidden["node"] is None
    assert shown["node"] == {"year": 2021, "plate": None}
    assert own["node"] == {"year": 2021, "plate": "京A12345"}
