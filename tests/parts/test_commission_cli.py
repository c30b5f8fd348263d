"""``convoy commission``: a large batch from the command line, labels written as CSV."""

from __future__ import annotations

import csv
from pathlib import Path

from models.parts import PartUnit, ProvenanceEvent
from services.parts.commissioning import claim_code_hash
from services.parts.labels_csv import commission_to_csv
from tests.factories.parts import make_issuer, make_part_model
from tests.support import GraphQLClient

VERIFY = "query V($code: String!) { verifyPart(code: $code) { verdict } }"


async def test_a_batch_larger_than_a_chunk_writes_every_label(
    tmp_path: Path, gql: GraphQLClient
) -> None:
    # given
    issuer = await make_issuer()
    part = await make_part_model(issuer, part_number="ZEON-12")
    path = tmp_path / "labels.csv"
    seen: list[int] = []
    # when
    written = await commission_to_csv(part="ZEON-12", count=2100, path=path, advance=seen.append)
    # then
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert written == len(rows) == 2100 and sum(seen) == 2100 and len(seen) == 3
    assert len({row["code"] for row in rows}) == 2100
    assert rows[-1]["serial"] == "0002100" and rows[0]["part_number"] == part.part_number
    assert await PartUnit.filter(part_model_id=part.id).count() == 2100
    assert await ProvenanceEvent.filter(kind="COMMISSIONED").count() == 2100
    sample = await PartUnit.get(code=rows[1500]["code"])
    assert sample.claim_code_hash == claim_code_hash(rows[1500]["claim_code"])
    found = await gql.data(VERIFY, {"code": rows[1500]["code"]})
    assert found["verifyPart"]["verdict"] == "AUTHENTIC"
