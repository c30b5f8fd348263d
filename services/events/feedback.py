"""Feedback after an event (rating, NPS, comment) and what organizers see of it: the aggregate
and the funnel signed up -> confirmed -> checked in -> completed -> feedback, per event and per
circle, each one SQL aggregate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.events import EventFeedback, Registration, RegistrationStatus
from services.core.actors import Actor
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode, Forbidden, InvalidInput, NotFound
from services.events.access import get_event, is_admin, moderates_circle, require_organizer

MAX_COMMENT = 2000


@dataclass(frozen=True)
class FeedbackSummary:
    count: int
    #: Mean rating 1-5, None without feedback.
    average_rating: float | None
    #: % promoters (9-10) minus % detractors (0-6), -100..100, None without feedback.
    nps: float | None
    promoters: int
    passives: int
    detractors: int


@dataclass(frozen=True)
class Funnel:
    #: Every registration ever made (any status, cancellations included).
    signed_up: int
    #: Registrations that held a confirmed seat at some point (confirmed_at set).
    confirmed: int
    checked_in: int
    completed: int
    feedback: int


async def leave_feedback(
    *, actor: Actor, registration_id: int, rating: int, nps: int, comment: str = ""
) -> EventFeedback:
    """Record the feedback of the actor's COMPLETED registration, once. INVALID_INPUT for a
    rating outside 1-5, an NPS outside 0-10 or an over-long comment; NOT_FOUND for someone
    else's registration; NOT_COMPLETED before completion; ALREADY_DONE the second time."""
    if not 1 <= rating <= 5:
        raise InvalidInput(field="rating")
    if not 0 <= nps <= 10:
        raise InvalidInput(field="nps")
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise InvalidInput(field="comment", message_key="value.too_long", max=MAX_COMMENT)
    registration = await Registration.get_or_none(id=registration_id, member_id=actor.id)
    if registration is None:
        raise NotFound(field="registration_id")
    if registration.status != RegistrationStatus.COMPLETED:
        raise DomainError(ErrorCode.NOT_COMPLETED, field="registration_id")
    try:
        async with in_transaction() as conn:
            return await EventFeedback.create(
                registration_id=registration.id,
                event_id=registration.event_id,
                rating=rating,
                nps=nps,
                comment=comment,
                using_db=conn,
            )
    except IntegrityError:
        raise DomainError(ErrorCode.ALREADY_DONE, field="registration_id") from None


_SUMMARY_COLUMNS = (
    "COUNT(*) AS n, AVG(f.rating * 1.0) AS rating, "
    "SUM(CASE WHEN f.nps >= 9 THEN 1 ELSE 0 END) AS promoters, "
    "SUM(CASE WHEN f.nps BETWEEN 7 AND 8 THEN 1 ELSE 0 END) AS passives, "
    "SUM(CASE WHEN f.nps <= 6 THEN 1 ELSE 0 END) AS detractors "
)
_SUMMARY = (
    "SELECT " + _SUMMARY_COLUMNS + "FROM event_feedback f JOIN events e ON e.id = f.event_id WHERE "
)
_SUMMARY_BY_EVENT = (
    "SELECT f.event_id, " + _SUMMARY_COLUMNS + "FROM event_feedback f "
    "WHERE f.event_id IN {ids} GROUP BY f.event_id"
)
_FUNNEL_COLUMNS = (
    "COUNT(*) AS signed_up, "
    "SUM(CASE WHEN r.confirmed_at IS NOT NULL OR r.status IN ('CONFIRMED', 'CHECKED_IN', "
    "'COMPLETED', 'NO_SHOW') THEN 1 ELSE 0 END) AS confirmed, "
    "SUM(CASE WHEN r.checked_in_at IS NOT NULL OR r.status IN ('CHECKED_IN', 'COMPLETED') "
    "THEN 1 ELSE 0 END) AS checked_in, "
    "SUM(CASE WHEN r.status = 'COMPLETED' THEN 1 ELSE 0 END) AS completed, "
    "COUNT(f.id) AS feedback "
)
_FUNNEL = (
    "SELECT " + _FUNNEL_COLUMNS + "FROM event_registrations r JOIN events e "
    "ON e.id = r.event_id LEFT JOIN event_feedback f ON f.registration_id = r.id WHERE "
)
_FUNNEL_BY_EVENT = (
    "SELECT r.event_id, " + _FUNNEL_COLUMNS + "FROM event_registrations r "
    "LEFT JOIN event_feedback f ON f.registration_id = r.id "
    "WHERE r.event_id IN {ids} GROUP BY r.event_id"
)


def _summary(row: dict[str, Any] | None) -> FeedbackSummary:
    row = row or {}
    count = int(row.get("n") or 0)
    promoters, passives, detractors = (
        int(row.get(name) or 0) for name in ("promoters", "passives", "detractors")
    )
    return FeedbackSummary(
        count=count,
        average_rating=round(float(row["rating"]), 2) if count else None,
        nps=round(100.0 * (promoters - detractors) / count, 1) if count else None,
        promoters=promoters,
        passives=passives,
        detractors=detractors,
    )


def _funnel(row: dict[str, Any] | None) -> Funnel:
    row = row or {}
    return Funnel(
        *(int(row.get(name) or 0) for name in ("signed_up", "confirmed", "checked_in",
                                               "completed", "feedback"))
    )  # fmt: skip


async def event_feedback_summary(*, actor: Actor, event_id: int) -> FeedbackSummary:
    """The event's feedback aggregate (organizers only)."""
    event = await get_event(event_id)
    await require_organizer(actor, event)
    return (await summaries_by_event([event.id]))[event.id]


async def event_funnel(*, actor: Actor, event_id: int) -> Funnel:
    """The event's funnel (organizers only)."""
    event = await get_event(event_id)
    await require_organizer(actor, event)
    return (await funnels_by_event([event.id]))[event.id]


async def summaries_by_event(event_ids: Sequence[int]) -> dict[int, FeedbackSummary]:
    """The feedback aggregate of each event in one GROUP BY. No rights check: the caller has
    made sure the actor runs these events (``access.standings``)."""
    db = Sql()
    rows = await db.rows(_SUMMARY_BY_EVENT, db.ids(event_ids))
    found = {int(row["event_id"]): row for row in rows}
    return {int(event_id): _summary(found.get(int(event_id))) for event_id in event_ids}


async def funnels_by_event(event_ids: Sequence[int]) -> dict[int, Funnel]:
    """The funnel of each event in one GROUP BY (rights checked by the caller, as above)."""
    db = Sql()
    rows = await db.rows(_FUNNEL_BY_EVENT, db.ids(event_ids))
    found = {int(row["event_id"]): row for row in rows}
    return {int(event_id): _funnel(found.get(int(event_id))) for event_id in event_ids}


async def circle_feedback_summary(*, actor: Actor, circle_id: int) -> FeedbackSummary:
    """Feedback over every event of the circle (its owner and moderators, or staff)."""
    await _require_circle_moderator(actor, circle_id)
    return _summary(await Sql().first(_SUMMARY + "e.circle_id = ?", circle_id))


async def circle_funnel(*, actor: Actor, circle_id: int) -> Funnel:
    """The funnel over every event of the circle (its owner and moderators, or staff)."""
    await _require_circle_moderator(actor, circle_id)
    return _funnel(await Sql().first(_FUNNEL + "e.circle_id = ?", circle_id))


@dataclass(frozen=True)
class CircleInsights:
    feedback_summary: FeedbackSummary
    funnel: Funnel


async def circle_insights(*, actor: Actor, circle_id: int) -> CircleInsights | None:
    """Feedback and funnel over every event of the circle for its owner and moderators (or
    staff); None for anyone else, a circle that does not exist included."""
    if not await _moderates(actor, circle_id):
        return None
    db = Sql()
    return CircleInsights(
        feedback_summary=_summary(await db.first(_SUMMARY + "e.circle_id = ?", circle_id)),
        funnel=_funnel(await db.first(_FUNNEL + "e.circle_id = ?", circle_id)),
    )


async def _moderates(actor: Actor, circle_id: int) -> bool:
    return is_admin(actor) or await moderates_circle(circle_id, actor.id)


async def _require_circle_moderator(actor: Actor, circle_id: int) -> None:
    if not await _moderates(actor, circle_id):
        raise Forbidden(field="circle_id", message_key="event.organizers_only")
