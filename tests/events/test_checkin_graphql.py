"""Check-in over GraphQL: the member reads their code, the crew scans it; errors are data, and
ten scanners hitting the same code at once check in once and capture the fee once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from models.events import Event, Registration
from models.loyalty import EntryKind, LedgerEntry, PointsHold
from services.events import checkin
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


async def test_a_scan_outside_the_check_in_window_is_refused_with_the_window(gql):
    # given: an event three days away (check-in opens 2 h before its start by default)
    organizer = await make_member("organizer")
    starts_at = datetime.now(UTC) + timedelta(days=3)
    event = await started_event(
        organizer, starts_at=starts_at, ends_at=starts_at + timedelta(hours=8)
    )
    _, registration = await make_registration(event)
    event_id = gid("Event", event.id)
    # when
    payload = await _scan(gql, organizer.token, event_id, checkin.checkin_code(registration))
    by_hand = await gql.data(
        CHECK_IN_BY_HAND,
        {"input": {"registrationId": gid("Registration", registration.id)}},
        token=organizer.token,
    )
    window = await gql.data(
        "query($id: ID!) { event(id: $id) { checkInOpensAt checkInClosesAt } }", {"id": event_id}
    )
    # then
    assert codes(payload) == ["CHECKIN_NOT_OPEN"]
    assert payload["errors"][0]["field"] == ["input", "code"]
    assert "Asia/Shanghai" in payload["errors"][0]["message"]
    assert codes(by_hand["checkInRegistration"]) == ["CHECKIN_NOT_OPEN"]
    assert by_hand["checkInRegistration"]["errors"][0]["field"] == ["input", "registrationId"]
    assert (await Registration.get(id=registration.id)).status.value == "CONFIRMED"
    opens = datetime.fromisoformat(window["event"]["checkInOpensAt"])
    assert opens == starts_at - timedelta(hours=2)
    assert datetime.fromisoformat(window["event"]["checkInClosesAt"]) == event.ends_at


async def test_the_window_is_the_organizers_to_set_and_a_done_check_in_replays_after_it(gql):
    # given: check-in opens 4 h before a start 3 h away; one member is already checked in
    organizer = await make_member("organizer")
    starts_at = datetime.now(UTC) + timedelta(hours=3)
    event = await started_event(
        organizer, starts_at=starts_at, ends_at=starts_at + timedelta(hours=8),
        checkin_opens_hours_before=4,
    )  # fmt: skip
    _, registration = await make_registration(event)
    event_id = gid("Event", event.id)
    code = checkin.checkin_code(registration)
    first = await _scan(gql, organizer.token, event_id, code)
    # when: the event is over and the same code is scanned again
    await Event.filter(id=event.id).update(
        starts_at=datetime.now(UTC) - timedelta(hours=10),
        ends_at=datetime.now(UTC) - timedelta(hours=1),
    )
    again = await _scan(gql, organizer.token, event_id, code)
    # then
    assert first["errors"] == [] and first["registration"]["status"] == "CHECKED_IN"
    assert again["errors"] == [] and again["replayed"] is True
