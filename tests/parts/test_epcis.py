"""The EPCIS 2.0 export, checked against an independent implementation of the CBV 2.0 event
hash (``epcis-event-hash-generator``, used in tests only)."""

from __future__ import annotations

import json

from epcis_event_hash_generator import hash_generator, json_to_py

from models.parts import EventKind
from services.parts import custody
from tests.factories import make_member
from tests.factories.parts import actor, make_dealer, make_issuer, owned_unit
from tests.support import GraphQLClient

EPCIS = "query E($code: String!) { partProvenanceEpcis(code: $code) }"


async def test_every_exported_event_carries_the_gs1_event_hash(gql: GraphQLClient) -> None:
    # given: a unit with a history, a correction included
    issuer = await make_issuer()
    owner = await make_member("epcisowner")
    dealer = await make_dealer("GZ-002")
    label, _ = await owned_unit(issuer, owner, dealer)
    await custody.record_event(
        actor=actor(dealer),
        unit_id=label.unit_id,
        kind=EventKind.INSPECTED,
        result="PASS",
        city="广州",
    )
    await custody.record_event(
        actor=actor(issuer),
        unit_id=label.unit_id,
        kind=EventKind.CORRECTION,
        corrects_seq=2,
        note="shipped a day later",
    )
    # when
    text = (await gql.data(EPCIS, {"code": label.code}))["partProvenanceEpcis"]
    document = json.loads(text)
    # then
    assert document["type"] == "EPCISDocument" and document["schemaVersion"] == "2.0"
    exported = document["epcisBody"]["eventList"]
    events = json_to_py.event_list_from_epcis_document_json(json.loads(text))
    independent = hash_generator.epcis_hashes_from_events(events)
    assert [e["eventID"] for e in exported] == independent
    assert len(set(independent)) == len(exported) == 6
    assert [e["bizStep"] for e in exported][:4] == [
        "commissioning",
        "shipping",
        "retail_selling",
        "accepting",
    ]
    assert exported[0]["action"] == "ADD" and exported[1]["action"] == "OBSERVE"
    assert [e["convoy:prevHash"] for e in exported[1:]] == [e["convoy:hash"] for e in exported[:-1]]
    assert "epcisowner" not in text
    assert not any("member" in key.lower() for event in exported for key in event)
