"""Part models: issuers manage their own catalog entries."""

from __future__ import annotations

from strawberry.relay import GlobalID

from models.parts import PartFitment
from tests.factories import make_member, make_vehicle_model
from tests.factories.parts import make_issuer
from tests.support import GraphQLClient

CREATE = """
mutation Create($input: CreatePartModelInput!) {
  createPartModel(input: $input) {
    partModel { id partNumber nameZh nameEn category capabilityTags fits { key } }
    errors { code field message }
  }
}
"""


def part_input(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "maker": "ARB",
        "partNumber": "RD100",
        "nameZh": "空气锁",
        "nameEn": "Air locker",
        "category": "DRIVETRAIN",
        "capabilityTags": ["LOCKER"],
    }
    values.update(overrides)
    return values


async def test_an_issuer_adds_a_part_model_with_tags_and_fitment(gql: GraphQLClient) -> None:
    # given
    issuer = await make_issuer()
    model = await make_vehicle_model()
    fits = [str(GlobalID("VehicleModel", str(model.id)))]
    # when
    data = await gql.data(
        CREATE, {"input": part_input(fitsVehicleModelIds=fits)}, token=issuer.token
    )
    # then
    created = data["createPartModel"]
    assert created["errors"] == []
    assert created["partModel"]["capabilityTags"] == ["LOCKER"]
    assert created["partModel"]["fits"] == [{"key": model.key}]
    assert await PartFitment.filter(vehicle_model_id=model.id).count() == 1


async def test_refusals_name_their_field(gql: GraphQLClient) -> None:
    issuer = await make_issuer()
    member = await make_member()
    await gql.data(CREATE, {"input": part_input()}, token=issuer.token)

    forbidden = await gql.data(CREATE, {"input": part_input()}, token=member.token)
    taken = await gql.data(CREATE, {"input": part_input()}, token=issuer.token)
    unknown = await gql.data(
        CREATE,
        {"input": part_input(partNumber="X1", capabilityTags=["LOCKER", "JETPACK"])},
        token=issuer.token,
    )
    garbled = await gql.data(
        CREATE,
        {"input": part_input(partNumber="X3", capabilityTags=["LOCKER", "LOCK\x00ER"])},
        token=issuer.token,
    )
    missing = await gql.data(
        CREATE,
        {
            "input": part_input(
                partNumber="X2", fitsVehicleModelIds=[str(GlobalID("VehicleModel", "999999"))]
            )
        },
        token=issuer.token,
    )

    assert forbidden["createPartModel"]["errors"][0]["code"] == "FORBIDDEN"
    assert taken["createPartModel"]["errors"][0]["code"] == "PART_NUMBER_TAKEN"
    assert taken["createPartModel"]["errors"][0]["field"] == ["input", "partNumber"]
    assert unknown["createPartModel"]["errors"][0]["code"] == "UNKNOWN_CAPABILITY"
    assert unknown["createPartModel"]["errors"][0]["field"] == ["input", "capabilityTags", "1"]
    assert garbled["createPartModel"]["errors"][0]["code"] == "UNKNOWN_CAPABILITY"
    assert garbled["createPartModel"]["errors"][0]["field"] == ["input", "capabilityTags", "1"]
    assert missing["createPartModel"]["errors"][0]["code"] == "NOT_FOUND"


UPDATE = """
mutation Update($input: UpdatePartModelInput!) {
  updatePartModel(input: $input) {
    partModel { partNumber nameEn capabilityTags fits { key } }
    errors { code field }
  }
}
"""


async def test_an_issuer_changes_only_their_own_part_models(gql: GraphQLClient) -> None:
    issuer, other = await make_issuer(), await make_issuer()
    created = await gql.data(CREATE, {"input": part_input()}, token=issuer.token)
    part_id = created["createPartModel"]["partModel"]["id"]
    model = await make_vehicle_model()

    changed = await gql.data(
        UPDATE,
        {
            "input": {
                "partModelId": part_id,
                "nameEn": "Air locker, rear",
                "capabilityTags": ["LOCKER", "AIR_COMPRESSOR"],
                "fitsVehicleModelIds": [str(GlobalID("VehicleModel", str(model.id)))],
            }
        },
        token=issuer.token,
    )
    foreign = await gql.data(
        UPDATE, {"input": {"partModelId": part_id, "nameEn": "Mine now"}}, token=other.token
    )

    assert changed["updatePartModel"]["partModel"] == {
        "partNumber": "RD100",
        "nameEn": "Air locker, rear",
        "capabilityTags": ["LOCKER", "AIR_COMPRESSOR"],
        "fits": [{"key": model.key}],
    }
    assert foreign["updatePartModel"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["input", "partModelId"]}
    ]
