"""Crew support: participants call for help within the event window, the crew is alerted,
acknowledges and resolves; response times feed the per-event summary."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from models.events import (
    AssistanceIssue,
    AssistanceRequest,
    AssistanceStatus,
    OrganizerRole,
    RegistrationStatus,
)
from models.notifications import Notification
from services.errors import DomainError, ErrorCode
from services.events import assistance
from tests.events.ops_support import acting
from tests.factories import make_member, make_organizer, make_registration, started_event


async def _setup():
    organizer = await make_member("organizer")
    crew = await make_member("crew")
    event = await started_event(organizer)
    await make_organizer(event, crew, OrganizerRole.CREW)
    member, _ = await make_registration(event, status=RegistrationStatus.CHECKED_IN)
    return organizer, crew, event, member


async def _ask(member, event, **overrides):
    values = {"issue": AssistanceIssue.STUCK, "location": "K23 第二道沙梁后", "details": "陷车"}
    values.update(overrides)
    return await assistance.request_assistance(actor=acting(member), event_id=event.id, **values)


async def test_a_participant_calls_and_the_crew_is_alerted(gql):
    # given
    organizer, crew, event, member = await _setup()
    # when
    request = await _ask(member, event)
    # then
    assert (request.status, request.member_id) == (AssistanceStatus.OPEN, member.member.id)
    alerted = await Notification.filter(kind="ASSISTANCE_REQUESTED").values_list(
        "member_id", flat=True
    )
    assert sorted(alerted) == sorted([organizer.member.id, crew.member.id])


async def test_a_non_participant_cannot_call(gql):
    _, _, event, _ = await _setup()
    stranger = await make_member("stranger")
    waiting, _ = await make_registration(event, status=RegistrationStatus.WAITLISTED)
    for who in (stranger, waiting):
        with pytest.raises(DomainError) as refused:
            await _ask(who, event)
        assert refused.value.code == ErrorCode.NOT_PARTICIPANT
    assert await AssistanceRequest.all().count() == 0


async def test_calls_outside_the_event_window_are_refused(gql):
    _, _, event, member = await _setup()
    too_early = event.starts_at - timedelta(hours=2, minutes=1)
    too_late = event.ends_at + timedelta(hours=6, minutes=1)
    for now in (too_early, too_late):
        with pytest.raises(DomainError) as refused:
            await assistance.request_assistance(
                actor=acting(member), event_id=event.id, issue=AssistanceIssue.OTHER,
                location="营地", now=now,
            )  # fmt: skip
        assert refused.value.code == ErrorCode.OUTSIDE_EVENT_WINDOW
    inside = await assistance.request_assistance(
        actor=acting(member), event_id=event.id, issue=AssistanceIssue.OTHER, location="营地",
        now=event.starts_at - timedelta(hours=1, minutes=59),
    )  # fmt: skip
    assert inside.id


async def test_a_call_without_a_location_is_refused(gql):
    _, _, event, member = await _setup()
    for location in ("", "   ", "x" * 201):
        with pytest.raises(DomainError) as refused:
            await _ask(member, event, location=location)
        assert refused.value.field == ["location"]


async def test_acknowledging_without_crew_rights_is_refused(gql):
    _, _, event, member = await _setup()
    request = await _ask(member, event)
    other = await make_member("other")
    for who in (member, other):
        with pytest.raises(DomainError) as refused:
            await assistance.acknowledge(actor=acting(who), request_id=request.id)
        assert refused.value.code == ErrorCode.FORBIDDEN
        with pytest.raises(DomainError) as refused:
            await assistance.resolve(actor=acting(who), request_id=request.id, resolution="ok")
        assert refused.value.code == ErrorCode.FORBIDDEN
    assert (await AssistanceRequest.get(id=request.id)).status == AssistanceStatus.OPEN


async def test_crew_acknowledges_then_resolves_and_times_are_kept(gql):
    # given
    _, crew, event, member = await _setup()
    request = await _ask(member, event)
    # when: two crew scans at once, then the resolution
    acked = await asyncio.gather(
        *(assistance.acknowledge(actor=acting(crew), request_id=request.id) for _ in range(3))
    )
    resolved = await assistance.resolve(
        actor=acting(crew), request_id=request.id, resolution="已拖出"
    )
    # then
    assert {row.acknowledged_at for row in acked} == {resolved.acknowledged_at}
    assert resolved.status == AssistanceStatus.RESOLVED
    assert (resolved.resolved_by_id, resolved.resolution) == (crew.member.id, "已拖出")
    assert (
        await Notification.filter(
            member_id=member.member.id, kind="ASSISTANCE_ACKNOWLEDGED"
        ).count()
        == 1
    )
    with pytest.raises(DomainError) as twice:
        await assistance.resolve(actor=acting(crew), request_id=request.id, resolution="again")
    assert twice.value.code == ErrorCode.ALREADY_DONE


async def test_the_summary_reports_response_times_against_the_promise(gql):
    # given: answered after 10, 20 and 50 minutes, one still open
    organizer, crew, event, member = await _setup()
    base = event.starts_at + timedelta(hours=1)
    for minutes in (10, 20, 50, None):
        request = await assistance.request_assistance(
            actor=acting(member), event_id=event.id, issue=AssistanceIssue.BREAKDOWN,
            location="K40", now=base,
        )  # fmt: skip
        if minutes is not None:
            await assistance.acknowledge(
                actor=acting(crew), request_id=request.id, now=base + timedelta(minutes=minutes)
            )
    # when
    summary = await assistance.assistance_summary(actor=acting(organizer), event_id=event.id)
    # then
    assert (summary.count, summary.open, summary.acknowledged) == (4, 1, 3)
    assert summary.median_minutes_to_acknowledge == 20.0
    assert summary.max_minutes_to_acknowledge == 50.0
    assert summary.within_promise_share == 0.5
    with pytest.raises(DomainError) as refused:
        await assistance.assistance_summary(actor=acting(member), event_id=event.id)
    assert refused.value.code == ErrorCode.FORBIDDEN
