"""verifyPart: verdicts for everyone, a timeline that never names a member, a rate limit."""

from __future__ import annotations

import json

from models.parts import EventKind
from runtime.config import Settings
from services.parts import custody
from tests.core.apps import running_app, settings_like
from tests.factories import make_member, make_vehicle
from tests.factories.parts import actor, make_dealer, make_issuer, owned_unit
from tests.support import GraphQLClient

VERIFY = """
query Verify($code: String!, $city: String) {
  verifyPart(code: $code, city: $city) {
    verdict code issuerName keyId commissionedAt firstBadSeq
    partModel { partNumber nameEn }
    timeline { seq kind city actor actorName inspectionResult vehicleModel }
  }
}
"""


async def verify(gql: GraphQLClient, code: str, **variables: object) -> dict[str, object]:
    data = await gql.data(VERIFY, {"code": code, **variables})
    return data["verifyPart"]


async def test_an_unknown_code_is_unknown(gql: GraphQLClient) -> None:
    found = await verify(gql, "NOSUCHCODE00")
    assert found["verdict"] == "UNKNOWN" and found["timeline"] == []


async def test_a_genuine_part_verifies_without_sign_in_and_hides_members(
    gql: GraphQLClient,
) -> None:
    # given: a unit shipped, sold, claimed, installed by its owner and inspected
    issuer = await make_issuer("acme", display_name="ACME Offroad")
    owner = await make_member("secretowner", display_name="Very Private Person")
    dealer = await make_dealer("SH-007")
    label, _ = await owned_unit(issuer, owner, dealer)
    vehicle = await make_vehicle(owner.member)
    await custody.record_event(
        actor=actor(owner), unit_id=label.unit_id, kind=EventKind.INSTALLED, vehicle_id=vehicle.id
    )
    await custody.record_event(
        actor=actor(dealer), unit_id=label.unit_id, kind=EventKind.INSPECTED, result="pass"
    )
    # when
    response = await gql(VERIFY, {"code": label.code.lower()})
    # then
    found = response["data"]["verifyPart"]
    assert found["verdict"] == "AUTHENTIC"
    assert found["issuerName"] == "ACME Offroad"
    assert [e["kind"] for e in found["timeline"]] == [
        "COMMISSIONED",
        "SHIPPED_TO_DEALER",
        "SOLD",
        "CLAIMED",
        "INSTALLED",
        "INSPECTED",
    ]
    claimed = found["timeline"][3]
    assert claimed["actor"] == "MEMBER" and claimed["actorName"] is None
    assert found["timeline"][5]["actorName"] == "SH-007"
    assert found["timeline"][5]["inspectionResult"] == "PASS"
    text = json.dumps(response, ensure_ascii=False)
    for private in ("secretowner", "Very Private Person", vehicle.plate):
        assert not private or private not in text


async def test_a_deleted_custodian_shows_as_a_deleted_member(gql: GraphQLClient) -> None:
    issuer = await make_issuer()
    owner = await make_member()
    label, _ = await owned_unit(issuer, owner)
    from models.members import Member
    from services.core import clock

    await Member.filter(id=owner.member.id).update(deleted_at=clock.now())
    found = await verify(gql, label.code)
    assert found["verdict"] == "AUTHENTIC"
    assert found["timeline"][3]["actor"] == "DELETED_MEMBER"


async def test_a_recalled_part_says_so_and_its_custodian_is_told(gql: GraphQLClient) -> None:
    issuer = await make_issuer()
    owner = await make_member()
    label, _ = await owned_unit(issuer, owner)
    await custody.record_event(
        actor=actor(issuer), unit_id=label.unit_id, kind=EventKind.RECALLED, note="bad batch"
    )
    found = await verify(gql, label.code)
    assert found["verdict"] == "RECALLED"
    from models.notifications import Notification

    assert await Notification.filter(member_id=owner.member.id, kind="PART_RECALLED").count() == 1


async def test_verification_is_rate_limited_per_client(settings: Settings) -> None:
    issuer = await make_issuer()
    owner = await make_member()
    label, _ = await owned_unit(issuer, owner)
    async with running_app(settings_like(settings, part_verify_per_minute=2)) as client:
        gql = GraphQLClient(client)
        codes = [await gql(VERIFY, {"code": label.code}) for _ in range(3)]
    assert "errors" not in codes[1]
    assert codes[2]["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


async def test_the_page_is_rate_limited_per_client(settings: Settings) -> None:
    async with running_app(settings_like(settings, part_verify_per_minute=1)) as client:
        first = await client.get("/v/NOSUCHCODE00?lang=en")
        second = await client.get("/v/NOSUCHCODE00?lang=en")
    assert first.status_code == 200 and "Unknown code" in first.text
    assert second.status_code == 429 and "Too many" in second.text
