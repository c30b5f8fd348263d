"""Clone detection: each signal flags the unit and opens one review; staff confirm or clear
it, audited, and the custodian is told."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from strawberry.relay import GlobalID

from models.audit import AuditLog
from models.notifications import Notification
from models.parts import CloneReview, CloneSignal, EventKind, PartUnit, ProvenanceEvent
from services.core import clock
from services.errors import DomainError
from services.parts import custody
from tests.factories import make_member
from tests.factories.parts import (
    actor,
    commission,
    make_issuer,
    make_moderator,
    owned_unit,
    ship,
)
from tests.support import GraphQLClient

VERIFY = """
query V($code: String!, $city: String) { verifyPart(code: $code, city: $city) { verdict } }
"""
CLAIM = """
mutation Claim($input: ClaimPartInput!) {
  claimPart(input: $input) { unit { code custody } errors { code field } }
}
"""
RECORD = """
mutation Record($input: RecordPartEventInput!) {
  recordPartEvent(input: $input) { event { seq kind } errors { code field } }
}
"""
REVIEWS = "{ cloneReviews { id signal status unit { code } } }"
DECIDE = """
mutation Decide($input: DecideCloneReviewInput!) {
  decideCloneReview(input: $input) { review { status note } errors { code field } }
}
"""


async def verdict(gql: GraphQLClient, code: str, city: str | None = None) -> str:
    return (await gql.data(VERIFY, {"code": code, "city": city}))["verifyPart"]["verdict"]


async def reviews_of(unit_id: int) -> list[CloneReview]:
    return list(await CloneReview.filter(unit_id=unit_id))


async def test_a_claim_code_used_twice_flags_the_unit(gql: GraphQLClient) -> None:
    # given
    issuer = await make_issuer()
    owner, other = await make_member(), await make_member()
    label, _ = await owned_unit(issuer, owner)
    # when
    again = await gql.data(
        CLAIM, {"input": {"code": label.code, "claimCode": label.claim_code}}, token=other.token
    )
    # then
    assert again["claimPart"]["errors"] == [
        {"code": "CLAIM_CODE_USED", "field": ["input", "claimCode"]}
    ]
    assert [r.signal for r in await reviews_of(label.unit_id)] == [CloneSignal.CLAIM_CODE_REUSED]
    assert (await PartUnit.get(id=label.unit_id)).custodian_id == owner.member.id
    assert await verdict(gql, label.code) == "SUSPECTED_CLONE"
    assert (
        await Notification.filter(member_id=owner.member.id, kind="PART_CLONE_SUSPECTED").count()
        == 1
    )


async def test_the_owner_claiming_again_changes_nothing_and_a_wrong_code_flags_nothing(
    gql: GraphQLClient,
) -> None:
    issuer = await make_issuer()
    owner = await make_member()
    label, _ = await owned_unit(issuer, owner)
    same = await gql.data(
        CLAIM, {"input": {"code": label.code, "claimCode": label.claim_code}}, token=owner.token
    )
    wrong = await gql.data(
        CLAIM, {"input": {"code": label.code, "claimCode": "WRONGCODE0"}}, token=owner.token
    )
    unknown = await gql.data(
        CLAIM, {"input": {"code": "NOPE", "claimCode": label.claim_code}}, token=owner.token
    )
    assert same["claimPart"]["errors"] == [] and same["claimPart"]["unit"]["custody"] == "MEMBER"
    assert wrong["claimPart"]["errors"][0]["code"] == "CLAIM_CODE_INVALID"
    assert unknown["claimPart"]["errors"][0] == {"code": "NOT_FOUND", "field": ["input", "code"]}
    assert await reviews_of(label.unit_id) == []
    assert await ProvenanceEvent.filter(unit_id=label.unit_id).count() == 4


async def test_claiming_a_unit_no_dealer_sold_flags_it(gql: GraphQLClient) -> None:
    issuer = await make_issuer()
    member = await make_member()
    (label,) = await commission(issuer)
    await ship(issuer, label)
    found = await gql.data(
        CLAIM, {"input": {"code": label.code, "claimCode": label.claim_code}}, token=member.token
    )
    assert found["claimPart"]["errors"][0]["code"] == "NOT_CUSTODIAN"
    assert [r.signal for r in await reviews_of(label.unit_id)] == [CloneSignal.NOT_CUSTODIAN]


async def test_a_listing_by_someone_other_than_the_custodian_flags_the_unit(
    gql: GraphQLClient,
) -> None:
    issuer = await make_issuer()
    owner, other = await make_member(), await make_member()
    label, _ = await owned_unit(issuer, owner)
    unit_id = str(GlobalID("PartUnit", str(label.unit_id)))

    by_owner = await gql.data(
        RECORD, {"input": {"unitId": unit_id, "kind": "LISTED"}}, token=owner.token
    )
    by_other = await gql.data(
        RECORD, {"input": {"unitId": unit_id, "kind": "LISTED"}}, token=other.token
    )

    assert by_owner["recordPartEvent"]["event"] == {"seq": 5, "kind": "LISTED"}
    assert by_other["recordPartEvent"]["errors"] == [
        {"code": "NOT_CUSTODIAN", "field": ["input", "unitId"]}
    ]
    assert [r.signal for r in await reviews_of(label.unit_id)] == [CloneSignal.NOT_CUSTODIAN]


async def test_scans_from_two_cities_within_the_window_flag_the_unit(gql: GraphQLClient) -> None:
    issuer = await make_issuer()
    owner = await make_member()
    label, _ = await owned_unit(issuer, owner)
    start = clock.now()
    with clock.frozen(start):
        assert await verdict(gql, label.code, "北京") == "AUTHENTIC"
    with clock.frozen(start + timedelta(minutes=5)):
        assert await verdict(gql, label.code, "北京") == "AUTHENTIC"
        assert await verdict(gql, label.code, "广州") == "SUSPECTED_CLONE"
    assert [r.detail["cities"] for r in await reviews_of(label.unit_id)] == [["北京", "广州"]]


async def test_scans_far_apart_in_time_or_in_transit_do_not_flag(gql: GraphQLClient) -> None:
    issuer = await make_issuer()
    owner = await make_member()
    label, _ = await owned_unit(issuer, owner)
    (shipped,) = await commission(issuer)
    await ship(issuer, shipped)
    start = clock.now()
    with clock.frozen(start):
        await verdict(gql, label.code, "北京")
        await verdict(gql, shipped.code, "天津")
    with clock.frozen(start + timedelta(minutes=61)):
        assert await verdict(gql, label.code, "上海") == "AUTHENTIC"
    with clock.frozen(start + timedelta(minutes=1)):
        assert await verdict(gql, shipped.code, "北京") == "AUTHENTIC"
    assert await CloneReview.all().count() == 0


async def test_staff_confirm_a_clone_blocks_it_and_audits(gql: GraphQLClient) -> None:
    # given
    issuer = await make_issuer()
    owner, other = await make_member(), await make_member()
    moderator = await make_moderator()
    label, _ = await owned_unit(issuer, owner)
    await gql.data(
        CLAIM, {"input": {"code": label.code, "claimCode": label.claim_code}}, token=other.token
    )
    listed = (await gql.data(REVIEWS, token=moderator.token))["cloneReviews"]
    refused = await gql(REVIEWS, token=owner.token)
    review_id = listed[0]["id"]
    # when
    decided = await gql.data(
        DECIDE,
        {"input": {"reviewId": review_id, "confirm": True, "note": "two buyers"}},
        token=moderator.token,
    )
    again = await gql.data(
        DECIDE, {"input": {"reviewId": review_id, "confirm": False}}, token=moderator.token
    )
    # then
    assert listed[0]["signal"] == "CLAIM_CODE_REUSED" and listed[0]["unit"]["code"] == label.code
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert decided["decideCloneReview"]["review"] == {"status": "CONFIRMED", "note": "two buyers"}
    assert again["decideCloneReview"]["errors"][0]["code"] == "REVIEW_CLOSED"
    unit = await PartUnit.get(id=label.unit_id)
    assert unit.status == "BLOCKED"
    last = await ProvenanceEvent.get(unit_id=unit.id, seq=unit.head_seq)
    assert last.kind == EventKind.REPORTED
    assert await verdict(gql, label.code) == "SUSPECTED_CLONE"
    audit = await AuditLog.get(action="parts.clone_confirmed")
    assert audit.actor_id == moderator.member.id and audit.subject_member_id == owner.member.id
    assert (
        await Notification.filter(member_id=owner.member.id, kind="PART_CLONE_CONFIRMED").count()
        == 1
    )
    try:
        await custody.record_event(actor=actor(owner), unit_id=unit.id, kind=EventKind.LISTED)
    except DomainError as error:
        assert error.code.value == "PART_BLOCKED"
    else:
        raise AssertionError("a blocked unit cannot be listed")


async def test_staff_clear_a_flag_and_the_unit_verifies_again(gql: GraphQLClient) -> None:
    issuer = await make_issuer()
    owner, other = await make_member(), await make_member()
    moderator, plain = await make_moderator(), await make_member()
    label, _ = await owned_unit(issuer, owner)
    await gql.data(
        RECORD,
        {"input": {"unitId": str(GlobalID("PartUnit", str(label.unit_id))), "kind": "LISTED"}},
        token=other.token,
    )
    (review,) = await reviews_of(label.unit_id)
    review_id = str(GlobalID("CloneReview", str(review.id)))

    forbidden = await gql.data(
        DECIDE, {"input": {"reviewId": review_id, "confirm": False}}, token=plain.token
    )
    cleared = await gql.data(
        DECIDE, {"input": {"reviewId": review_id, "confirm": False}}, token=moderator.token
    )

    assert forbidden["decideCloneReview"]["errors"][0]["code"] == "FORBIDDEN"
    assert cleared["decideCloneReview"]["review"]["status"] == "CLEARED"
    assert await verdict(gql, label.code) == "AUTHENTIC"
    assert await AuditLog.filter(action="parts.clone_cleared").count() == 1
    assert (
        await Notification.filter(member_id=owner.member.id, kind="PART_CLONE_CLEARED").count() == 1
    )


async def test_concurrent_signals_open_one_review(gql: GraphQLClient) -> None:
    issuer = await make_issuer()
    owner = await make_member()
    label, _ = await owned_unit(issuer, owner)
    others = [await make_member() for _ in range(6)]
    await asyncio.gather(
        *[
            gql(
                CLAIM, {"input": {"code": label.code, "claimCode": label.claim_code}}, token=o.token
            )
            for o in others
        ]
    )
    assert len(await reviews_of(label.unit_id)) == 1
