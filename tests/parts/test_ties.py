"""Parts and the rest of the platform: the data export, account erasure, dealers at service
visits and members installing on their own vehicles."""

from __future__ import annotations

from strawberry.relay import GlobalID

from models.accounts import Account, AccountStatus
from models.members import DataExport
from models.parts import EventKind, PartUnit
from services.core.actors import MemberActor
from services.members.deletion import erase_member
from services.members.export import build_data_export, request_data_export
from services.parts import custody
from tests.factories import make_member, make_vehicle
from tests.factories.parts import actor, make_dealer, make_issuer, owned_unit
from tests.support import GraphQLClient

VERIFY = """
query V($code: String!) { verifyPart(code: $code) { verdict timeline { kind actor } } }
"""
RECORD = """
mutation Record($input: RecordPartEventInput!) {
  recordPartEvent(input: $input) { event { seq kind } errors { code field } }
}
"""


def gid(kind: str, key: int) -> str:
    return str(GlobalID(kind, str(key)))


async def test_the_data_export_lists_parts_in_custody_and_their_history(
    gql: GraphQLClient,
) -> None:
    issuer = await make_issuer()
    owner = await make_member()
    label, _ = await owned_unit(issuer, owner)
    export = await request_data_export(actor=MemberActor(id=owner.member.id))
    await build_data_export(export.id)
    document = (await DataExport.get(id=export.id)).document or {}
    section = document["sections"]["parts"] if "sections" in document else document["parts"]
    assert [unit["code"] for unit in section["in_custody"]] == [label.code]
    assert [event["kind"] for event in section["events_recorded"]] == ["CLAIMED"]


async def test_erasing_a_custodian_keeps_the_chain_intact(gql: GraphQLClient) -> None:
    issuer = await make_issuer()
    owner = await make_member()
    vehicle = await make_vehicle(owner.member)
    label, _ = await owned_unit(issuer, owner)
    await custody.record_event(
        actor=actor(owner), unit_id=label.unit_id, kind=EventKind.INSTALLED, vehicle_id=vehicle.id
    )
    await Account.filter(id=owner.account.id).update(status=AccountStatus.DELETED)
    await erase_member(owner.member.id)
    found = (await gql.data(VERIFY, {"code": label.code}))["verifyPart"]
    assert found["verdict"] == "AUTHENTIC"
    assert [e["actor"] for e in found["timeline"]][3:] == ["DELETED_MEMBER", "DELETED_MEMBER"]
    assert (await PartUnit.get(id=label.unit_id)).installed_vehicle_id is None


async def test_dealers_inspect_and_install_and_members_only_on_their_own_vehicle(
    gql: GraphQLClient,
) -> None:
    issuer = await make_issuer()
    owner, stranger = await make_member(), await make_member()
    dealer = await make_dealer("CD-003")
    label, _ = await owned_unit(issuer, owner)
    own, foreign = await make_vehicle(owner.member), await make_vehicle(stranger.member)
    unit = gid("PartUnit", label.unit_id)

    on_foreign = await gql.data(
        RECORD,
        {"input": {"unitId": unit, "kind": "INSTALLED", "vehicleId": gid("Vehicle", foreign.id)}},
        token=owner.token,
    )
    by_stranger = await gql.data(
        RECORD,
        {"input": {"unitId": unit, "kind": "INSTALLED", "vehicleId": gid("Vehicle", stranger.id)}},
        token=stranger.token,
    )
    on_own = await gql.data(
        RECORD,
        {"input": {"unitId": unit, "kind": "INSTALLED", "vehicleId": gid("Vehicle", own.id)}},
        token=owner.token,
    )
    twice = await gql.data(
        RECORD,
        {"input": {"unitId": unit, "kind": "INSTALLED", "vehicleId": gid("Vehicle", own.id)}},
        token=dealer.token,
    )
    inspected = await gql.data(
        RECORD,
        {"input": {"unitId": unit, "kind": "INSPECTED", "result": "ATTENTION", "city": "成都"}},
        token=dealer.token,
    )
    bad_result = await gql.data(
        RECORD,
        {"input": {"unitId": unit, "kind": "INSPECTED", "result": "MEH"}},
        token=dealer.token,
    )
    not_dealer = await gql.data(
        RECORD,
        {"input": {"unitId": unit, "kind": "INSPECTED", "result": "PASS"}},
        token=owner.token,
    )

    assert on_foreign["recordPartEvent"]["errors"][0] == {
        "code": "NOT_FOUND",
        "field": ["input", "vehicleId"],
    }
    assert by_stranger["recordPartEvent"]["errors"][0]["code"] in {"NOT_FOUND", "FORBIDDEN"}
    assert on_own["recordPartEvent"]["event"] == {"seq": 5, "kind": "INSTALLED"}
    assert twice["recordPartEvent"]["errors"][0]["code"] == "EVENT_NOT_ALLOWED"
    assert inspected["recordPartEvent"]["event"] == {"seq": 6, "kind": "INSPECTED"}
    assert bad_result["recordPartEvent"]["errors"][0]["field"] == ["input", "result"]
    assert not_dealer["recordPartEvent"]["errors"][0]["code"] == "FORBIDDEN"
