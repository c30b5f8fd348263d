"""Completion over GraphQL: organizers complete in bulk and close the event; anyone else gets
FORBIDDEN and nothing changes."""

from __future__ import annotations

from models.events import Registration
from models.loyalty import LedgerEntry
from tests.events.support import ERRORS, codes, gid
from tests.factories import make_member, make_registration, started_event

COMPLETE = f"""
mutation Complete($input: CompleteRegistrationsInput!) {{
  completeRegistrations(input: $input) {{ registrations {{ id status completedAt }} {ERRORS} }}
}}"""
COMPLETE_EVENT = f"""
mutation Close($input: CompleteEventInput!) {{
  completeEvent(input: $input) {{ event {{ id status }} {ERRORS} }}
}}"""


async def test_an_organizer_completes_registrations_and_the_event(gql):
    # given
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    member, registration = await make_registration(event, status="CHECKED_IN")
    _, absent = await make_registration(event)
    variables = {"input": {"eventId": gid("Event", event.id), "outcome": "COMPLETED",
                           "registrationIds": [gid("Registration", registration.id)]}}  # fmt: skip
    # when
    first = await gql.data(COMPLETE, variables, token=organizer.token)
    second = await gql.data(COMPLETE, variables, token=organizer.token)
    closed = await gql.data(
        COMPLETE_EVENT, {"input": {"eventId": gid("Event", event.id)}}, token=organizer.token
    )
    # then
    [row] = first["completeRegistrations"]["registrations"]
    assert (row["status"], row["completedAt"] is not None) == ("COMPLETED", True)
    assert second["completeRegistrations"]["registrations"][0]["completedAt"] == row["completedAt"]
    assert (
        await LedgerEntry.filter(member_id=member.member.id, reason="EVENT_COMPLETED").count() == 1
    )
    assert closed["completeEvent"]["event"]["status"] == "COMPLETED"
    assert (await Registration.get(id=absent.id)).status == "NO_SHOW"


async def test_completing_without_organizer_rights_is_forbidden(gql):
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    member, registration = await make_registration(event, status="CHECKED_IN")
    variables = {"input": {"eventId": gid("Event", event.id), "outcome": "COMPLETED",
                           "registrationIds": [gid("Registration", registration.id)]}}  # fmt: skip
    payload = (await gql.data(COMPLETE, variables, token=member.token))["completeRegistrations"]
    closed = await gql.data(
        COMPLETE_EVENT, {"input": {"eventId": gid("Event", event.id)}}, token=member.token
    )
    assert codes(payload) == ["FORBIDDEN"]
    assert codes(closed["completeEvent"]) == ["FORBIDDEN"]
    assert (await Registration.get(id=registration.id)).status == "CHECKED_IN"
    # and ids of the wrong type are NOT_FOUND
    variables["input"]["registrationIds"] = [gid("Event", event.id)]
    wrong = (await gql.data(COMPLETE, variables, token=organizer.token))["completeRegistrations"]
    assert codes(wrong) == ["NOT_FOUND"]
