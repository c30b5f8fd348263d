"""Resolvers of the ``Event`` and ``Registration`` fields that only some viewers see (the
check-in code, feedback, funnel, assistance, the organizers' registration list): null for
everyone else. The viewer's rights on a page of events cost two queries (``StandingLoader``)."""

from __future__ import annotations

from datetime import datetime

from models.events import Registration, RegistrationStatus
from schema.core.context import Info
from schema.events.assistance_types import AssistanceRequestNode, AssistanceSummaryType
from schema.events.feedback_types import EventFeedbackType, EventFunnelType, FeedbackSummaryType
from schema.events.loaders import (
    AssistanceRequestsLoader,
    AssistanceSummaryLoader,
    FeedbackByRegistrationLoader,
    FeedbackSummaryLoader,
    FunnelLoader,
    RegistrationByIdLoader,
    viewer_standings,
)
from services.events import checkin, listing
from services.events.access import allows
from services.pagination import Page, PageArgs


async def _allowed(info: Info, event_id: int, *, crew: bool = False) -> bool:
    """Whether the viewer runs the event (crews it, with ``crew``)."""
    [standing] = await viewer_standings(info, [event_id])
    return allows(standing, crew=crew)


async def feedback_summary(info: Info, event_id: int) -> FeedbackSummaryType | None:
    if not await _allowed(info, event_id):
        return None
    summary = await info.context.loaders.get(FeedbackSummaryLoader).load(event_id)
    return FeedbackSummaryType.from_summary(summary)


async def funnel(info: Info, event_id: int) -> EventFunnelType | None:
    if not await _allowed(info, event_id):
        return None
    found = await info.context.loaders.get(FunnelLoader).load(event_id)
    return EventFunnelType.from_funnel(found)


async def assistance_requests(info: Info, event_id: int) -> list[AssistanceRequestNode] | None:
    if not await _allowed(info, event_id, crew=True):
        return None
    rows = await info.context.loaders.get(AssistanceRequestsLoader).load(event_id)
    return [AssistanceRequestNode.from_model(row) for row in rows]


async def assistance_summary(info: Info, event_id: int) -> AssistanceSummaryType | None:
    if not await _allowed(info, event_id, crew=True):
        return None
    summary = await info.context.loaders.get(AssistanceSummaryLoader).load(event_id)
    return AssistanceSummaryType.from_summary(summary)


async def registrations(
    info: Info, event_id: int, status: RegistrationStatus | None, args: PageArgs
) -> Page[Registration] | None:
    """The event's registrations for its organizers and crew (the service says who)."""
    viewer = await info.context.viewer()
    if viewer is None:
        return None
    return await listing.event_registrations(
        actor=viewer, event_id=event_id, status=status, args=args
    )


async def _row(info: Info, registration_id: int) -> Registration | None:
    return await info.context.loaders.get(RegistrationByIdLoader).load(registration_id)


async def checkin_code(info: Info, registration_id: int, member_id: int) -> str | None:
    viewer = await info.context.viewer()
    if viewer is None or viewer.id != member_id:
        return None
    row = await _row(info, registration_id)
    return checkin.checkin_code_for(row, viewer.id) if row is not None else None


async def moment(info: Info, registration_id: int, name: str) -> datetime | None:
    row = await _row(info, registration_id)
    return getattr(row, name) if row is not None else None


async def registration_feedback(
    info: Info, registration_id: int, member_id: int, event_id: int
) -> EventFeedbackType | None:
    """Shown to the registration's member and to whoever runs the event; the crew sees the
    registration (to check people in) but not what its member thought of the event."""
    viewer = await info.context.viewer()
    if viewer is None:
        return None
    if viewer.id != member_id and not await _allowed(info, event_id):
        return None
    row = await info.context.loaders.get(FeedbackByRegistrationLoader).load(registration_id)
    return EventFeedbackType.from_model(row) if row is not None else None
