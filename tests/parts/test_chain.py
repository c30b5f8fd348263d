"""The provenance chain: concurrent appends never fork it, and any edit of an event row shows
as CHAIN_BROKEN at that event."""

from __future__ import annotations

import asyncio

from tortoise import Tortoise

from models.parts import EventKind, PartUnit, ProvenanceEvent
from services.parts import custody
from services.parts.canonical import GENESIS_HASH, stored_event_hash
from services.parts.chain import check_chain, events_of
from tests.factories import make_member
from tests.factories.parts import actor, commission, make_dealer, make_issuer, owned_unit, ship
from tests.support import GraphQLClient

VERIFY = "query V($code: String!) { verifyPart(code: $code) { verdict firstBadSeq } }"


async def test_concurrent_appends_leave_one_unbroken_chain(gql: GraphQLClient) -> None:
    # given
    issuer = await make_issuer()
    dealers = [await make_dealer(f"D-{n}") for n in range(8)]
    (label,) = await commission(issuer)
    # when: 24 inspections by 8 dealers at once
    await asyncio.gather(
        *[
            custody.record_event(
                actor=actor(dealers[n % 8]),
                unit_id=label.unit_id,
                kind=EventKind.INSPECTED,
                result="PASS",
                city=f"City{n}",
            )
            for n in range(24)
        ]
    )
    # then
    unit = await PartUnit.get(id=label.unit_id)
    events = await events_of(unit.id)
    assert [e.seq for e in events] == list(range(1, 26))
    assert events[0].prev_hash == GENESIS_HASH
    assert all(
        later.prev_hash == earlier.hash
        for earlier, later in zip(events[:-1], events[1:], strict=True)
    )
    assert unit.head_seq == 25 and unit.head_hash == events[-1].hash
    assert check_chain(unit, events).intact
    assert sorted(e.city for e in events[1:]) == sorted(f"City{n}" for n in range(24))
    found = await gql.data(VERIFY, {"code": label.code})
    assert found["verifyPart"]["verdict"] == "AUTHENTIC"


async def test_editing_an_event_row_breaks_the_chain_at_that_event(gql: GraphQLClient) -> None:
    # given
    issuer = await make_issuer()
    owner = await make_member()
    label, _ = await owned_unit(issuer, owner)
    third = await ProvenanceEvent.get(unit_id=label.unit_id, seq=3)
    # when: someone with database access moves the sale to another city
    await Tortoise.get_connection("default").execute_query(
        "UPDATE provenance_events SET city = 'Elsewhere' WHERE id = " + str(third.id)
    )
    # then
    found = (await gql.data(VERIFY, {"code": label.code}))["verifyPart"]
    assert found == {"verdict": "CHAIN_BROKEN", "firstBadSeq": 3}


async def test_rewriting_an_event_with_its_own_hash_still_breaks_the_link(
    gql: GraphQLClient,
) -> None:
    issuer = await make_issuer()
    owner = await make_member()
    label, _ = await owned_unit(issuer, owner)
    second = await ProvenanceEvent.get(unit_id=label.unit_id, seq=2)
    second.dealer_code = "FAKE-1"
    second.hash = stored_event_hash(label.code, second)
    await ProvenanceEvent.filter(id=second.id).update(dealer_code="FAKE-1", hash=second.hash)
    found = (await gql.data(VERIFY, {"code": label.code}))["verifyPart"]
    assert found == {"verdict": "CHAIN_BROKEN", "firstBadSeq": 3}


async def test_deleting_the_last_event_breaks_the_chain(gql: GraphQLClient) -> None:
    issuer = await make_issuer()
    (label,) = await commission(issuer)
    await ship(issuer, label)
    await ProvenanceEvent.filter(unit_id=label.unit_id, seq=2).delete()
    found = (await gql.data(VERIFY, {"code": label.code}))["verifyPart"]
    assert found == {"verdict": "CHAIN_BROKEN", "firstBadSeq": 2}


async def test_a_correction_points_at_an_earlier_event_and_edits_nothing(
    gql: GraphQLClient,
) -> None:
    issuer = await make_issuer()
    (label,) = await commission(issuer)
    await ship(issuer, label, "BJ-001")
    before = await ProvenanceEvent.get(unit_id=label.unit_id, seq=2)
    corrected = await custody.record_event(
        actor=actor(issuer),
        unit_id=label.unit_id,
        kind=EventKind.CORRECTION,
        corrects_seq=2,
        note="shipped to BJ-002",
    )
    after = await ProvenanceEvent.get(unit_id=label.unit_id, seq=2)
    assert corrected.seq == 3 and corrected.corrects_seq == 2
    assert (after.hash, after.dealer_code) == (before.hash, before.dealer_code)
    found = (await gql.data(VERIFY, {"code": label.code}))["verifyPart"]
    assert found["verdict"] == "AUTHENTIC"
