"""Resolvers behind the operations fields of ``Event`` and ``Registration`` (check-in code,
feedback, funnel, assistance, the organizers' registration list), kept apart from the types
so the types module stays about the event itself."""

from __future__ import annotations

from datetime import datetime

from models.events import AssistanceRequest, EventFeedback, Registration, RegistrationStatus
from schema.core.context import Info
from schema.events.loaders import RegistrationByIdLoader, viewer_standings
from schema.events.ops_types import (
    AssistanceRequestNode,
    AssistanceSummaryType,
    EventFeedbackType,
    EventFunnelType,
    FeedbackSummaryType,
    organizer_only,
)
from schema.loaders import BatchLoader, one_per_key
from services.events import assistance, checkin, feedback, listing
from services.events.access import allows
from services.events.assistance import AssistanceSummary
from services.events.feedback import FeedbackSummary, Funnel
from services.pagination import Page, PageArgs


class FeedbackByRegistrationLoader(BatchLoader[int, EventFeedback | None]):
    async def batch(self, keys: list[int]) -> list[EventFeedback | None]:
        rows = await EventFeedback.filter(registration_id__in=keys)
        return one_per_key(keys, rows, lambda row: row.registration_id)


class FeedbackSummaryLoader(BatchLoader[int, FeedbackSummary]):
    async def batch(self, keys: list[int]) -> list[FeedbackSummary]:
        found = await feedback.summaries_by_event(keys)
        return [found[key] for key in keys]


class FunnelLoader(BatchLoader[int, Funnel]):
    async def batch(self, keys: list[int]) -> list[Funnel]:
        found = await feedback.funnels_by_event(keys)
        return [found[key] for key in keys]


class AssistanceRequestsLoader(BatchLoader[int, list[AssistanceRequest]]):
    async def batch(self, keys: list[int]) -> list[list[AssistanceRequest]]:
        found = await assistance.requests_by_event(keys)
        return [found[key] for key in keys]


class AssistanceSummaryLoader(BatchLoader[int, AssistanceSummary]):
    async def batch(self, keys: list[int]) -> list[AssistanceSummary]:
        found = await assistance.summaries_by_event(keys)
        return [found[key] for key in keys]


async def _allowed(info: Info, event_id: int, *, crew: bool = False) -> bool:
    """Whether the viewer runs the event (crews it, with ``crew``): batched over the page of
    events by ``StandingLoader``, like the aggregates below."""
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
    async def call(viewer: object) -> Page[Registration]:
        return await listing.event_registrations(
            actor=viewer,  # type: ignore[arg-type]
            event_id=event_id,
            status=status,
            args=args,
        )

    return await organizer_only(info, call)


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
