"""Feedback after completion (once, by its member, within range) and what organizers see: the
aggregate with NPS and the funnel, per event and per circle."""

from __future__ import annotations

import pytest

from models.events import EventFeedback, RegistrationStatus
from services.errors import DomainError, ErrorCode
from services.events import feedback
from tests.events.ops_support import acting
from tests.factories import make_member, make_registration, started_event


async def _completed(event):
    return await make_registration(event, status=RegistrationStatus.COMPLETED)


async def test_a_member_leaves_feedback_once(gql):
    # given
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    member, registration = await _completed(event)
    # when
    row = await feedback.leave_feedback(
        actor=acting(member), registration_id=registration.id, rating=5, nps=9, comment=" 很棒 "
    )
    with pytest.raises(DomainError) as twice:
        await feedback.leave_feedback(
            actor=acting(member), registration_id=registration.id, rating=1, nps=0
        )
    # then
    assert (row.rating, row.nps, row.comment, row.event_id) == (5, 9, "很棒", event.id)
    assert twice.value.code == ErrorCode.ALREADY_DONE
    assert [f.rating for f in await EventFeedback.filter(registration_id=registration.id)] == [5]


async def test_feedback_before_completion_is_refused(gql):
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.CHECKED_IN,
                   RegistrationStatus.NO_SHOW):  # fmt: skip
        member, registration = await make_registration(event, status=status)
        with pytest.raises(DomainError) as refused:
            await feedback.leave_feedback(
                actor=acting(member), registration_id=registration.id, rating=4, nps=8
            )
        assert refused.value.code == ErrorCode.NOT_COMPLETED
    assert await EventFeedback.all().count() == 0


async def test_feedback_out_of_range_is_refused(gql):
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    member, registration = await _completed(event)
    cases = [
        ({"rating": 0, "nps": 5}, "rating"),
        ({"rating": 6, "nps": 5}, "rating"),
        ({"rating": 3, "nps": -1}, "nps"),
        ({"rating": 3, "nps": 11}, "nps"),
        ({"rating": 3, "nps": 5, "comment": "长" * 2001}, "comment"),
    ]
    for values, field in cases:
        with pytest.raises(DomainError) as refused:
            await feedback.leave_feedback(
                actor=acting(member), registration_id=registration.id, **values
            )
        assert (refused.value.code, refused.value.field) == (ErrorCode.INVALID_INPUT, [field])
    assert await EventFeedback.all().count() == 0


async def test_only_the_registrations_member_leaves_its_feedback(gql):
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    _, registration = await _completed(event)
    with pytest.raises(DomainError) as refused:
        await feedback.leave_feedback(
            actor=acting(organizer), registration_id=registration.id, rating=5, nps=10
        )
    assert refused.value.code == ErrorCode.NOT_FOUND


async def test_organizers_see_the_aggregate_and_the_funnel(gql):
    # given: 6 sign-ups; 1 waitlisted, 1 no-show, 4 completed, 3 of them with feedback
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    await make_registration(event, status=RegistrationStatus.WAITLISTED)
    await make_registration(event, status=RegistrationStatus.NO_SHOW)
    done = [await _completed(event) for _ in range(4)]
    for (member, registration), (rating, nps) in zip(done, [(5, 10), (4, 7), (2, 3)],
                                                     strict=False):  # fmt: skip
        await feedback.leave_feedback(
            actor=acting(member), registration_id=registration.id, rating=rating, nps=nps
        )
    # when
    summary = await feedback.event_feedback_summary(actor=acting(organizer), event_id=event.id)
    funnel = await feedback.event_funnel(actor=acting(organizer), event_id=event.id)
    circle = await feedback.circle_feedback_summary(
        actor=acting(organizer), circle_id=event.circle_id
    )
    # then: NPS = 1 promoter - 1 detractor out of 3 = 0
    assert (summary.count, summary.average_rating, summary.nps) == (3, 3.67, 0.0)
    assert (summary.promoters, summary.passives, summary.detractors) == (1, 1, 1)
    assert (funnel.signed_up, funnel.confirmed, funnel.checked_in, funnel.completed,
            funnel.feedback) == (6, 5, 4, 4, 3)  # fmt: skip
    assert circle == summary


async def test_aggregates_are_for_organizers(gql):
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    member, _ = await _completed(event)
    for call in (feedback.event_feedback_summary, feedback.event_funnel):
        with pytest.raises(DomainError) as refused:
            await call(actor=acting(member), event_id=event.id)
        assert refused.value.code == ErrorCode.FORBIDDEN
    with pytest.raises(DomainError) as refused:
        await feedback.circle_funnel(actor=acting(member), circle_id=event.circle_id)
    assert refused.value.code == ErrorCode.FORBIDDEN


async def test_an_event_without_feedback_has_an_empty_summary(gql):
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    summary = await feedback.event_feedback_summary(actor=acting(organizer), event_id=event.id)
    assert (summary.count, summary.average_rating, summary.nps) == (0, None, None)
