"""Commissioning: signed labels, hashed claim codes, sealed keys."""

from __future__ import annotations

import json

from strawberry.relay import GlobalID

from models.parts import IssuerKey, PartModel, PartUnit, ProvenanceEvent
from services.parts.canonical import unb64
from tests.factories.parts import make_issuer, make_part_model
from tests.support import GraphQLClient

COMMISSION = """
mutation Commission($input: CommissionPartsInput!) {
  commissionParts(input: $input) {
    units { claimCode url label unit { id code serial status custody } }
    errors { code field message }
  }
}
"""


def model_id(part: PartModel) -> str:
    return str(GlobalID("PartModel", str(part.id)))


async def test_commissioning_labels_units_and_keeps_secrets_out_of_the_database(
    gql: GraphQLClient,
) -> None:
    # given
    issuer = await make_issuer()
    part = await make_part_model(issuer)
    # when
    data = await gql.data(
        COMMISSION, {"input": {"partModelId": model_id(part), "count": 3}}, token=issuer.token
    )
    # then
    units = data["commissionParts"]["units"]
    assert [u["unit"]["serial"] for u in units] == ["0000001", "0000002", "0000003"]
    assert all(u["url"].endswith("/v/" + u["unit"]["code"]) for u in units)
    label = json.loads(units[0]["label"])
    assert label["partNumber"] == part.part_number and label["keyId"].startswith("k")
    rows = await PartUnit.all()
    claim_codes = {u["claimCode"] for u in units}
    assert not claim_codes & {row.claim_code_hash for row in rows}
    assert all(len(row.claim_code_hash) == 64 for row in rows)
    key = await IssuerKey.get(issuer_id=issuer.member.id)
    assert key.sealed_private_key.startswith("v1.") and len(unb64(key.public_key)) == 32
    assert await ProvenanceEvent.filter(seq=1, kind="COMMISSIONED").count() == 3
    assert {row.head_seq for row in rows} == {1}


async def test_a_second_batch_continues_the_serials(gql: GraphQLClient) -> None:
    issuer = await make_issuer()
    part = await make_part_model(issuer)
    variables = {"input": {"partModelId": model_id(part), "count": 2}}
    await gql.data(COMMISSION, variables, token=issuer.token)
    data = await gql.data(COMMISSION, variables, token=issuer.token)
    serials = [u["unit"]["serial"] for u in data["commissionParts"]["units"]]
    assert serials == ["0000003", "0000004"]


async def test_commissioning_refusals(gql: GraphQLClient) -> None:
    issuer = await make_issuer()
    other = await make_issuer()
    part = await make_part_model(issuer)

    too_many = await gql.data(
        COMMISSION, {"input": {"partModelId": model_id(part), "count": 101}}, token=issuer.token
    )
    none = await gql.data(
        COMMISSION, {"input": {"partModelId": model_id(part), "count": 0}}, token=issuer.token
    )
    not_theirs = await gql.data(
        COMMISSION, {"input": {"partModelId": model_id(part), "count": 1}}, token=other.token
    )
    bad_id = await gql.data(
        COMMISSION,
        {"input": {"partModelId": str(GlobalID("Route", "1")), "count": 1}},
        token=issuer.token,
    )

    assert too_many["commissionParts"]["errors"][0]["field"] == ["input", "count"]
    assert none["commissionParts"]["errors"][0]["code"] == "INVALID_INPUT"
    assert not_theirs["commissionParts"]["errors"][0]["code"] == "FORBIDDEN"
    assert bad_id["commissionParts"]["errors"][0] == {
        "code": "NOT_FOUND",
        "field": ["input", "partModelId"],
        "message": bad_id["commissionParts"]["errors"][0]["message"],
    }
    assert await PartUnit.all().count() == 0
