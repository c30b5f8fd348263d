"""Cancelling a registration, waitlist offers (accept, decline, expiry) and the organizer's
manual confirmation."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from models.events import Event, Registration
from models.loyalty import PointsAccount, PointsHold
from models.notifications import Notification
from services.events.waitlist import expire_offers
from tests.events.support import ERRORS, REGISTRATION_FIELDS, codes, pk, sign_up
from tests.factories import driver, make_event, make_member

CANCEL = f"""
mutation Cancel($input: RegistrationInput!) {{
  cancelRegistration(input: $input) {{ registration {{ {REGISTRATION_FIELDS} }} {ERRORS} }}
}}"""
ACCEPT = CANCEL.replace("Cancel(", "Accept(").replace("cancelRegistration", "acceptOffer")
DECLINE = CANCEL.replace("Cancel(", "Decline(").replace("cancelRegistration", "declineOffer")
CONFIRM = CANCEL.replace("Cancel(", "Confirm(").replace("cancelRegistration", "confirmFromWaitlist")


async def act(gql: Any, document: str, member: Any, registration_id: str) -> dict[str, Any]:
    data = await gql.data(
        document, {"input": {"registrationId": registration_id}}, token=member.token
    )
    return next(iter(data.values()))


async def full_event(gql: Any, *, waiting: int = 2, **fields: Any) -> tuple[Event, list[Any]]:
    """A one-seat event with a 40-point fee: one confirmed driver and ``waiting`` waitlisted
    ones (each with 100 points). Returns the event and (member, registration id) pairs."""
    fields.setdefault("fee_points", 40)
    event = await make_event(capacity=1, **fields)
    people = []
    for n in range(waiting + 1):
        member, car = await driver(f"w{n}", points=100)
        payload = await sign_up(gql, member, event, car)
        people.append((member, payload["registration"]["id"]))
    return event, people


async def status_of(registration_id: str) -> str:
    return (await Registration.get(id=pk(registration_id))).status.value


async def test_cancelling_before_the_deadline_releases_the_fee_and_offers_the_seat(gql):
    # given
    event, [(first, first_reg), (second, second_reg), _] = await full_event(gql)
    # when
    payload = await act(gql, CANCEL, first, first_reg)
    # then
    assert payload["errors"] == []
    assert payload["registration"]["status"] == "CANCELLED"
    account = await PointsAccount.get(member_id=first.member.id)
    assert (account.balance, account.held) == (100, 0)
    assert await status_of(second_reg) == "OFFERED"
    stored = await Event.get(id=event.id)
    assert (stored.seats_taken, stored.waitlist_length) == (1, 1)
    notices = await Notification.filter(member_id=second.member.id, kind="EVENT_SEAT_OFFERED")
    assert len(notices) == 1


async def test_cancelling_after_the_deadline_keeps_the_fee(gql):
    # given: the cancel deadline has passed
    now = datetime.now(UTC)
    event, [(first, first_reg), *_] = await full_event(
        gql, waiting=0, cancel_deadline=now - timedelta(hours=1)
    )
    # when
    await act(gql, CANCEL, first, first_reg)
    # then
    account = await PointsAccount.get(member_id=first.member.id)
    assert (account.balance, account.held) == (60, 0)
    assert await PointsHold.filter(status="CAPTURED").count() == 1
    assert (await Event.get(id=event.id)).seats_taken == 0


async def test_cancelling_twice_changes_nothing(gql):
    # given
    event, [(first, first_reg), _, _] = await full_event(gql)
    await act(gql, CANCEL, first, first_reg)
    before = await Event.get(id=event.id)
    # when
    again = await act(gql, CANCEL, first, first_reg)
    # then
    assert codes(again) == ["ALREADY_DONE"]
    after = await Event.get(id=event.id)
    assert (after.seats_taken, after.waitlist_length) == (
        before.seats_taken,
        before.waitlist_length,
    )


async def test_someone_elses_registration_is_not_found(gql):
    # given
    _, [(_, first_reg), (second, _), _] = await full_event(gql)
    # when
    payload = await act(gql, CANCEL, second, first_reg)
    # then
    assert codes(payload) == ["NOT_FOUND"]
    assert await status_of(first_reg) == "CONFIRMED"


async def test_cancelling_a_waitlisted_registration_moves_the_line_up(gql):
    # given
    _, [_, (second, second_reg), (third, third_reg)] = await full_event(gql)
    # when
    await act(gql, CANCEL, second, second_reg)
    # then
    data = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Registration { waitlistPosition } } }",
        {"id": third_reg}, token=third.token,
    )  # fmt: skip
    assert data["node"]["waitlistPosition"] == 1


async def test_accepting_an_offer_confirms_and_holds_the_fee(gql):
    # given
    event, [(first, first_reg), (second, second_reg), _] = await full_event(gql)
    await act(gql, CANCEL, first, first_reg)
    # when
    payload = await act(gql, ACCEPT, second, second_reg)
    # then
    assert payload["errors"] == []
    assert payload["registration"]["status"] == "CONFIRMED"
    assert payload["registration"]["offerExpiresAt"] is None
    assert (await PointsAccount.get(member_id=second.member.id)).held == 40
    assert (await Event.get(id=event.id)).seats_taken == 1


async def test_accepting_an_expired_offer_is_refused(gql):
    # given: the offer's window has passed (the expiry job has not run yet)
    _, [(first, first_reg), (second, second_reg), _] = await full_event(gql)
    await act(gql, CANCEL, first, first_reg)
    await Registration.filter(id=pk(second_reg)).update(
        offer_expires_at=datetime.now(UTC) - timedelta(minutes=1)
    )
    # when
    payload = await act(gql, ACCEPT, second, second_reg)
    # then
    assert codes(payload) == ["EXPIRED"]
    assert await status_of(second_reg) == "OFFERED"
    assert (await PointsAccount.get(member_id=second.member.id)).held == 0


async def test_an_offer_never_outlives_the_start_of_its_event(gql):
    # given: the event starts in 5 hours, well within the 48-hour offer window
    starts_at = datetime.now(UTC) + timedelta(hours=5)
    _, [(first, first_reg), (second, second_reg), _] = await full_event(
        gql,
        starts_at=starts_at,
        signup_closes_at=starts_at - timedelta(hours=1),
        cancel_deadline=starts_at - timedelta(hours=1),
    )
    # when
    await act(gql, CANCEL, first, first_reg)
    # then: the offer ends when the event starts
    offered = await Registration.get(id=pk(second_reg))
    assert offered.status.value == "OFFERED"
    assert offered.offer_expires_at == starts_at


async def test_accepting_an_offer_after_the_start_is_refused_as_expired(gql):
    # given: an offer still open on paper, but its event has started
    _, [(first, first_reg), (second, second_reg), _] = await full_event(gql)
    await act(gql, CANCEL, first, first_reg)
    now = datetime.now(UTC)
    await Registration.filter(id=pk(second_reg)).update(offer_expires_at=now + timedelta(hours=6))
    await Event.filter(id=(await Registration.get(id=pk(second_reg))).event_id).update(
        starts_at=now - timedelta(minutes=1)
    )
    # when
    payload = await act(gql, ACCEPT, second, second_reg)
    # then
    assert codes(payload) == ["EXPIRED"]
    assert await status_of(second_reg) == "OFFERED"
    assert (await PointsAccount.get(member_id=second.member.id)).held == 0


async def test_an_offer_passes_on_when_the_member_cannot_pay(gql):
    # given: the second in line spent their points meanwhile
    _, [(first, first_reg), (second, second_reg), (third, third_reg)] = await full_event(gql)
    await act(gql, CANCEL, first, first_reg)
    await PointsAccount.filter(member_id=second.member.id).update(balance=10)
    # when
    payload = await act(gql, ACCEPT, second, second_reg)
    # then
    assert codes(payload) == ["INSUFFICIENT_POINTS"]
    assert await status_of(second_reg) == "CANCELLED"
    assert await status_of(third_reg) == "OFFERED"
    assert await PointsHold.filter(member_id=second.member.id).count() == 0


async def test_declining_an_offer_passes_it_on(gql):
    # given
    event, [(first, first_reg), (second, second_reg), (_, third_reg)] = await full_event(gql)
    await act(gql, CANCEL, first, first_reg)
    # when
    payload = await act(gql, DECLINE, second, second_reg)
    # then
    assert payload["registration"]["status"] == "CANCELLED"
    assert await status_of(third_reg) == "OFFERED"
    stored = await Event.get(id=event.id)
    assert (stored.seats_taken, stored.waitlist_length) == (1, 0)


async def test_declining_when_nothing_is_offered_is_refused(gql):
    # given
    _, [_, (second, second_reg), _] = await full_event(gql)
    # when
    payload = await act(gql, DECLINE, second, second_reg)
    # then
    assert codes(payload) == ["REGISTRATION_INACTIVE"]
    assert await status_of(second_reg) == "WAITLISTED"


async def test_expiry_job_run_twice_at_once_passes_the_seat_on_once(gql):
    # given: an expired offer and two more in line
    (
        event,
        [(first, first_reg), (_, second_reg), (_, third_reg), (_, fourth_reg)],
    ) = await full_event(gql, waiting=3)
    await act(gql, CANCEL, first, first_reg)
    later = datetime.now(UTC) + timedelta(hours=49)
    # when
    results = await asyncio.gather(expire_offers(now=later), expire_offers(now=later))
    # then
    assert sorted(r["expired"] for r in results) == [0, 1]
    assert [await status_of(r) for r in (second_reg, third_reg, fourth_reg)] == [
        "CANCELLED", "OFFERED", "WAITLISTED",
    ]  # fmt: skip
    stored = await Event.get(id=event.id)
    assert (stored.seats_taken, stored.waitlist_length) == (1, 1)
    assert await Notification.filter(kind="EVENT_OFFER_EXPIRED").count() == 1


async def test_organizer_confirms_from_the_waitlist_when_a_seat_is_free(gql):
    # given: the organizer raised the capacity by hand (no offer went out)
    owner = await make_member("owner")
    event, [_, (second, second_reg), (_, third_reg)] = await full_event(gql, organizer=owner)
    stranger = await make_member("stranger")
    # when: full, then a stranger, then with a free seat
    full = await act(gql, CONFIRM, owner, third_reg)
    refused = await act(gql, CONFIRM, stranger, third_reg)
    await Event.filter(id=event.id).update(capacity=2)
    confirmed = await act(gql, CONFIRM, owner, third_reg)
    # then
    assert codes(full) == ["EVENT_FULL"]
    assert codes(refused) == ["FORBIDDEN"]
    assert confirmed["errors"] == []
    assert confirmed["registration"]["status"] == "CONFIRMED"
    assert await status_of(second_reg) == "WAITLISTED"
    stored = await Event.get(id=event.id)
    assert (stored.seats_taken, stored.waitlist_length) == (2, 1)
