"""Check-in over GraphQL: the member reads their code, the crew scans it; errors are data, and
ten scanners hitting the same code at once check in once and capture the fee once."""

from __future__ import annotations

import asyncio

from models.loyalty import EntryKind, LedgerEntry, PointsHold
from tests.events.support import ERRORS, codes, gid
from tests.factories import make_member, make_registration, started_event

MY_CODES = """
query { viewer { registrations(first: 10) { edges { node { id status checkinCode } } } } }"""
EVENT_REGISTRATIONS = """
query Regs($id: ID!) {
  event(id: $id) {
    registrations(filter: {status: CONFIRMED}) { edges { node { id checkinCode } } }
  }
}"""
CHECK_IN = f"""
mutation CheckIn($input: CheckInInput!) {{
  checkIn(input: $input) {{ replayed registration {{ id status checkedInAt }} {ERRORS} }}
}}"""
CHECK_IN_BY_HAND = f"""
mutation ByHand($input: CheckInRegistrationInput!) {{
  checkInRegistration(input: $input) {{ replayed registration {{ status }} {ERRORS} }}
}}"""


async def _scan(gql, token, event_id, code):
    data = await gql.data(CHECK_IN, {"input": {"eventId": event_id, "code": code}}, token=token)
    return data["checkIn"]


async def test_the_member_reads_the_code_and_the_organizer_scans_it(gql):
    # given
    organizer = await make_member("organizer")
    event = await started_event(organizer, fee_points=50)
    member, registration = await make_registration(event, fee=True)
    event_id = gid("Event", event.id)
    # when
    mine = await gql.data(MY_CODES, token=member.token)
    listed = await gql.data(EVENT_REGISTRATIONS, {"id": event_id}, token=organizer.token)
    [edge] = mine["viewer"]["registrations"]["edges"]
    code = edge["node"]["checkinCode"]
    first = await _scan(gql, organizer.token, event_id, code)
    again = await _scan(gql, organizer.token, event_id, code)
    # then: the organizer sees the registration but never its code
    assert code.startswith(f"CVY1.{registration.id}.{event.id}.")
    assert [e["node"]["checkinCode"] for e in listed["event"]["registrations"]["edges"]] == [None]
    assert (first["errors"], first["replayed"]) == ([], False)
    assert first["registration"]["status"] == "CHECKED_IN"
    assert (again["errors"], again["replayed"]) == ([], True)
    assert again["registration"]["checkedInAt"] == first["registration"]["checkedInAt"]
    assert (await PointsHold.get(idempotency_key=registration.fee_hold_key)).status == "CAPTURED"
    # and once checked in the code is no longer shown
    after = await gql.data(MY_CODES, token=member.token)
    assert after["viewer"]["registrations"]["edges"][0]["node"]["checkinCode"] is None


async def test_bad_scans_are_reported_as_errors(gql):
    # given
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    other = await started_event(organizer)
    _, registration = await make_registration(event)
    _, foreign = await make_registration(other)
    _, cancelled = await make_registration(event, status="CANCELLED")
    from services.events.checkin import checkin_code

    good = checkin_code(registration)
    forged = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    event_id = gid("Event", event.id)
    # when / then
    cases = [
        (forged, "INVALID_CODE"),
        (checkin_code(foreign), "WRONG_EVENT"),
        (checkin_code(cancelled), "REGISTRATION_INACTIVE"),
    ]
    for code, expected in cases:
        payload = await _scan(gql, organizer.token, event_id, code)
        assert codes(payload) == [expected]
        assert payload["registration"] is None
    stranger = await make_member("stranger")
    assert codes(await _scan(gql, stranger.token, event_id, good)) == ["FORBIDDEN"]
    hand = await gql.data(
        CHECK_IN_BY_HAND,
        {"input": {"registrationId": gid("Registration", registration.id)}},
        token=stranger.token,
    )
    assert codes(hand["checkInRegistration"]) == ["FORBIDDEN"]


async def test_ten_concurrent_scans_over_http_check_in_once(gql):
    # given
    organizer = await make_member("organizer")
    event = await started_event(organizer, fee_points=30)
    member, registration = await make_registration(event, fee=True)
    from services.events.checkin import checkin_code

    code = checkin_code(registration)
    # when
    payloads = await asyncio.gather(
        *(_scan(gql, organizer.token, gid("Event", event.id), code) for _ in range(10))
    )
    # then
    assert all(payload["errors"] == [] for payload in payloads)
    assert sorted(payload["replayed"] for payload in payloads) == [False] + [True] * 9
    captured = LedgerEntry.filter(member_id=member.member.id, kind=EntryKind.CAPTURE)
    assert await captured.count() == 1
