"""Completion: organizers mark COMPLETED / NO_SHOW in bulk; points, contribution and the
outbox record happen once whatever the retries, and survive a crash after the status change."""

from __future__ import annotations

import pytest
from tortoise.transactions import in_transaction

import runtime
from jobs.consumers import CONSUMERS
from models.badges import BadgeTouch
from models.events import Event, EventStatus, Registration, RegistrationStatus
from models.loyalty import (
    ContributionScore,
    EarningRule,
    EntryKind,
    LedgerEntry,
    PointsAccount,
    PointsHold,
)
from models.outbox import OutboxEvent
from models.routes import Route
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode
from services.events import completion
from services.events.completion import Outcome
from services.jobs.consume import Outcome as Applied
from services.jobs.consume import apply_event
from services.rankings.keys import applied_key
from tests.events.ops_support import acting
from tests.factories import (
    make_event,
    make_member,
    make_organizer,
    make_registration,
    make_route,
    started_event,
)


async def _earned(member_id: int) -> list[LedgerEntry]:
    return await LedgerEntry.filter(
        member_id=member_id, kind=EntryKind.EARN, reason="EVENT_COMPLETED"
    )


async def test_completing_pays_points_by_difficulty_and_records_the_outbox_event(gql):
    # given: a difficulty-4 desert route
    organizer = await make_member("organizer")
    route = await make_route(difficulty=4)
    event = await started_event(organizer, route=route)
    member, registration = await make_registration(event, status=RegistrationStatus.CHECKED_IN)
    # when
    rows = await completion.complete_registrations(
        actor=acting(organizer), event_id=event.id, registration_ids=[registration.id],
        outcome=Outcome.COMPLETED,
    )  # fmt: skip
    # then
    assert [row.status for row in rows] == [RegistrationStatus.COMPLETED]
    assert [entry.amount for entry in await _earned(member.member.id)] == [400]
    assert (await PointsAccount.get(member_id=member.member.id)).balance == 400
    assert (await ContributionScore.get(member_id=organizer.member.id)).score == 50
    [recorded] = await OutboxEvent.filter(topic="event.registration_completed")
    assert recorded.payload == {
        "member_id": member.member.id,
        "event_id": event.id,
        "registration_id": registration.id,
        "route_id": route.id,
        "difficulty": 4,
        "terrain": "DESERT",
        "circle_id": event.circle_id,
        "completed_at": rows[0].completed_at.isoformat(),
    }


async def test_completing_twice_earns_once(gql):
    # given
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    members = [await make_registration(event) for _ in range(3)]
    ids = [registration.id for _, registration in members]
    args = {"actor": acting(organizer), "event_id": event.id, "registration_ids": ids}
    # when
    await completion.complete_registrations(**args, outcome=Outcome.COMPLETED)
    await completion.complete_registrations(**args, outcome=Outcome.COMPLETED)
    # then: one earn each, one outbox event each, the organizer's contribution once
    for member, _ in members:
        assert len(await _earned(member.member.id)) == 1
    assert await OutboxEvent.filter(topic="event.registration_completed").count() == 3
    assert (await ContributionScore.get(member_id=organizer.member.id)).score == 50


async def test_completing_without_organizer_rights_is_forbidden(gql):
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    member, registration = await make_registration(event)
    for actor in (acting(member), acting(await make_member("stranger"))):
        with pytest.raises(DomainError) as refused:
            await completion.complete_registrations(
                actor=actor, event_id=event.id, registration_ids=[registration.id],
                outcome=Outcome.COMPLETED,
            )  # fmt: skip
        assert refused.value.code == ErrorCode.FORBIDDEN
    with pytest.raises(DomainError) as refused:
        await completion.complete_event(actor=acting(member), event_id=event.id)
    assert refused.value.code == ErrorCode.FORBIDDEN
    assert (await Registration.get(id=registration.id)).status == RegistrationStatus.CONFIRMED
    assert await _earned(member.member.id) == []


async def test_crew_may_scan_but_not_complete(gql):
    from models.events import OrganizerRole

    organizer = await make_member("organizer")
    crew = await make_member("crew")
    event = await started_event(organizer)
    await make_organizer(event, crew, OrganizerRole.CREW)
    _, registration = await make_registration(event)
    with pytest.raises(DomainError) as refused:
        await completion.complete_registrations(
            actor=acting(crew), event_id=event.id, registration_ids=[registration.id],
            outcome=Outcome.COMPLETED,
        )  # fmt: skip
    assert refused.value.code == ErrorCode.FORBIDDEN


async def test_completing_before_the_start_is_refused(gql):
    organizer = await make_member("organizer")
    event = await make_event(organizer=organizer)
    _, registration = await make_registration(event)
    with pytest.raises(DomainError) as refused:
        await completion.complete_registrations(
            actor=acting(organizer), event_id=event.id, registration_ids=[registration.id],
            outcome=Outcome.COMPLETED,
        )  # fmt: skip
    assert refused.value.code == ErrorCode.EVENT_NOT_STARTED


async def test_the_outbox_consumer_pays_after_a_crash_following_the_status_change(gql):
    # given: the status change and its outbox record committed, then the process died
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    member, registration = await make_registration(event)
    route = await Route.get(id=event.route_id)
    async with in_transaction() as conn:
        await completion._move(Sql(conn), event, route, [registration.id], Outcome.COMPLETED,
                               event.starts_at)  # fmt: skip
    assert await _earned(member.member.id) == []
    [recorded] = await OutboxEvent.filter(topic="event.registration_completed")
    # when: the consumer applies the event, and a redelivery applies it again
    first = await apply_event(recorded.id, CONSUMERS)
    second = await apply_event(recorded.id, CONSUMERS)
    # then
    assert (first, second) == (Applied.APPLIED, Applied.DUPLICATE)
    assert [entry.amount for entry in await _earned(member.member.id)] == [200]
    assert (await ContributionScore.get(member_id=organizer.member.id)).score == 50
    # and the service's own retry of the same registrations replays the earn
    await completion.complete_registrations(
        actor=acting(organizer), event_id=event.id, registration_ids=[registration.id],
        outcome=Outcome.COMPLETED,
    )  # fmt: skip
    assert len(await _earned(member.member.id)) == 1


async def test_no_show_frees_the_seat_and_keeps_the_fee(gql):
    # given
    organizer = await make_member("organizer")
    event = await started_event(organizer, fee_points=80)
    member, registration = await make_registration(event, fee=True)
    seats = (await Event.get(id=event.id)).seats_taken
    # when
    await completion.complete_registrations(
        actor=acting(organizer), event_id=event.id, registration_ids=[registration.id],
        outcome=Outcome.NO_SHOW,
    )  # fmt: skip
    # then
    assert (await Registration.get(id=registration.id)).status == RegistrationStatus.NO_SHOW
    assert (await Event.get(id=event.id)).seats_taken == seats - 1
    assert (await PointsHold.get(idempotency_key=registration.fee_hold_key)).status == "CAPTURED"
    assert await _earned(member.member.id) == []
    assert await OutboxEvent.filter(topic="event.registration_completed").count() == 0


async def test_a_checked_in_registration_cannot_become_a_no_show(gql):
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    _, registration = await make_registration(event, status=RegistrationStatus.CHECKED_IN)
    await completion.complete_registrations(
        actor=acting(organizer), event_id=event.id, registration_ids=[registration.id],
        outcome=Outcome.NO_SHOW,
    )  # fmt: skip
    assert (await Registration.get(id=registration.id)).status == RegistrationStatus.CHECKED_IN


async def test_completing_the_event_settles_everyone_once(gql):
    # given: one checked in, one never came, one on the waitlist
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    came, came_registration = await make_registration(event, status=RegistrationStatus.CHECKED_IN)
    absent, absent_registration = await make_registration(event)
    _, waiting = await make_registration(event, status=RegistrationStatus.WAITLISTED)
    # when
    closed = await completion.complete_event(actor=acting(organizer), event_id=event.id)
    again = await completion.complete_event(actor=acting(organizer), event_id=event.id)
    # then
    assert closed.status == again.status == EventStatus.COMPLETED
    statuses = {
        row.id: row.status
        for row in await Registration.filter(event_id=event.id)
    }  # fmt: skip
    assert statuses == {
        came_registration.id: RegistrationStatus.COMPLETED,
        absent_registration.id: RegistrationStatus.NO_SHOW,
        waiting.id: RegistrationStatus.CANCELLED,
    }
    assert len(await _earned(came.member.id)) == 1
    assert await _earned(absent.member.id) == []
    stored = await Event.get(id=event.id)
    assert (stored.seats_taken, stored.waitlist_length) == (1, 0)


async def test_completing_an_event_that_has_not_started_is_refused(gql):
    organizer = await make_member("organizer")
    event = await make_event(organizer=organizer)
    with pytest.raises(DomainError) as refused:
        await completion.complete_event(actor=acting(organizer), event_id=event.id)
    assert refused.value.code == ErrorCode.EVENT_NOT_STARTED
    assert (await Event.get(id=event.id)).status == EventStatus.PUBLISHED


async def test_bad_registration_lists_are_refused(gql):
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    for ids in ([], list(range(1, 502))):
        with pytest.raises(DomainError) as refused:
            await completion.complete_registrations(
                actor=acting(organizer), event_id=event.id, registration_ids=ids,
                outcome=Outcome.COMPLETED,
            )  # fmt: skip
        assert refused.value.code == ErrorCode.INVALID_INPUT


async def test_closing_the_event_releases_seats_offered_but_never_taken_up(gql):
    # given: a fee event with one rider checked in and one seat offered to the waitlist
    organizer = await make_member("organizer")
    event = await started_event(organizer, fee_points=40)
    await make_registration(event, status=RegistrationStatus.CHECKED_IN)
    offered_to, offer = await make_registration(event, status=RegistrationStatus.OFFERED, fee=True)
    # when
    await completion.complete_event(actor=acting(organizer), event_id=event.id)
    # then
    assert (await Registration.get(id=offer.id)).status == RegistrationStatus.CANCELLED
    assert (await PointsHold.get(idempotency_key=offer.fee_hold_key)).status == "RELEASED"
    assert (await PointsAccount.get(member_id=offered_to.member.id)).held == 0
    assert (await Event.get(id=event.id)).seats_taken == 1


async def test_the_consumer_applies_a_completion_the_earning_rule_no_longer_pays(gql):
    # given: the EVENT_COMPLETED rule switched off, then a registration completed
    await EarningRule.filter(reason="EVENT_COMPLETED").update(enabled=False)
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    member, registration = await make_registration(event, status=RegistrationStatus.CHECKED_IN)
    await completion.complete_registrations(
        actor=acting(organizer), event_id=event.id, registration_ids=[registration.id],
        outcome=Outcome.COMPLETED,
    )  # fmt: skip
    [recorded] = await OutboxEvent.filter(topic="event.registration_completed")
    assert not await runtime.redis().exists(applied_key(registration.id))
    # when
    outcome = await apply_event(recorded.id, CONSUMERS)
    # then: no points, but the event is applied and badges and leaderboards saw it
    assert outcome == Applied.APPLIED
    assert await _earned(member.member.id) == []
    assert (await ContributionScore.get(member_id=organizer.member.id)).score == 50
    assert await BadgeTouch.filter(
        member_id=member.member.id, topic="event.registration_completed"
    ).exists()
    assert await runtime.redis().exists(applied_key(registration.id))
