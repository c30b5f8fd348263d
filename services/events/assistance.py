"""Crew support during an event: a participant calls for help (stuck, breakdown, medical …),
the crew is alerted, acknowledges and resolves; the times are kept to check the brand's
30-minute promise.

The window opens ``WINDOW_BEFORE`` before the start (people drive to the meeting point) and
closes ``WINDOW_AFTER`` after the end (the drive home from the desert). Acknowledging and
resolving are conditional UPDATEs on the status, so two crew members answering at once record
one acknowledgement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from models.events import AssistanceIssue, AssistanceRequest, Registration, RegistrationStatus
from services import notifications
from services.core import clock
from services.core.actors import Actor
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode, InvalidInput, NotFound
from services.events.access import get_event, require_organizer
from services.events.crew import crew_member_ids

WINDOW_BEFORE = timedelta(hours=2)
WINDOW_AFTER = timedelta(hours=6)
#: The brand's promise: someone answers within this.
PROMISE = timedelta(minutes=30)
ASSISTANCE_REQUESTED = "ASSISTANCE_REQUESTED"
ASSISTANCE_ACKNOWLEDGED = "ASSISTANCE_ACKNOWLEDGED"
ASSISTANCE_RESOLVED = "ASSISTANCE_RESOLVED"
#: Registrations that are on the road with the convoy.
_PARTICIPATING = (RegistrationStatus.CONFIRMED, RegistrationStatus.CHECKED_IN)


@dataclass(frozen=True)
class AssistanceSummary:
    count: int
    open: int
    acknowledged: int
    #: Median and longest minutes from the call to the acknowledgement (None before any).
    median_minutes_to_acknowledge: float | None
    max_minutes_to_acknowledge: float | None
    #: Share (0-1) of all requests acknowledged within ``PROMISE`` (None without requests).
    within_promise_share: float | None


def _text(value: str, name: str, limit: int, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(field=name, message_key="value.required")
    if len(text) > limit:
        raise InvalidInput(field=name, message_key="value.too_long", max=limit)
    return text


async def request_assistance(
    *,
    actor: Actor,
    event_id: int,
    issue: AssistanceIssue,
    location: str,
    details: str = "",
    now: datetime | None = None,
) -> AssistanceRequest:
    """Raise a request as a CONFIRMED or CHECKED_IN participant within the event window
    (NOT_PARTICIPANT, OUTSIDE_EVENT_WINDOW otherwise) and alert the crew."""
    now = now or clock.now()
    location = _text(location, "location", 200, required=True)
    details = _text(details, "details", 1000, required=False)
    event = await get_event(event_id)
    if not await Registration.filter(
        event_id=event.id, member_id=actor.id, status__in=list(_PARTICIPATING)
    ).exists():
        raise DomainError(ErrorCode.NOT_PARTICIPANT, field="event_id")
    if not event.starts_at - WINDOW_BEFORE <= now <= event.ends_at + WINDOW_AFTER:
        raise DomainError(ErrorCode.OUTSIDE_EVENT_WINDOW, field="event_id")
    crew = await crew_member_ids(event)
    async with in_transaction() as conn:
        request = await AssistanceRequest.create(
            event_id=event.id, member_id=actor.id, issue=issue, location=location,
            details=details, created_at=now, using_db=conn,
        )  # fmt: skip
        alerts = await notifications.notify_many(
            crew, ASSISTANCE_REQUESTED,
            {"requestId": request.id, "eventId": event.id, "issue": issue.value,
             "location": location},
            dedupe_prefix=f"assistance:{request.id}", using=conn,
        )  # fmt: skip
    await notifications.publish_notifications(alerts)
    return request


async def acknowledge(
    *, actor: Actor, request_id: int, now: datetime | None = None
) -> AssistanceRequest:
    """Mark an OPEN request acknowledged by the actor (event crew only). Acknowledging an
    acknowledged or resolved request changes nothing and returns it."""
    now = now or clock.now()
    request = await _crew_request(actor, request_id)
    async with in_transaction() as conn:
        moved = await Sql(conn).run(
            "UPDATE assistance_requests SET status = 'ACKNOWLEDGED', acknowledged_at = {ts}, "
            "acknowledged_by_id = ? WHERE id = ? AND status = 'OPEN'",
            now, actor.id, request.id,
        )  # fmt: skip
        notice = (
            await notifications.notify(
                request.member_id,
                ASSISTANCE_ACKNOWLEDGED,
                {"requestId": request.id, "eventId": request.event_id},
                using=conn,
            )  # fmt: skip
            if moved
            else None
        )
    await notifications.publish_notifications([notice])
    return await AssistanceRequest.get(id=request.id)


async def resolve(
    *, actor: Actor, request_id: int, resolution: str, now: datetime | None = None
) -> AssistanceRequest:
    """Close a request with what was done (event crew only). An OPEN request counts as
    acknowledged at the same moment. Resolving a resolved request is ALREADY_DONE."""
    now = now or clock.now()
    resolution = _text(resolution, "resolution", 1000, required=True)
    request = await _crew_request(actor, request_id)
    async with in_transaction() as conn:
        moved = await Sql(conn).run(
            "UPDATE assistance_requests SET status = 'RESOLVED', resolved_at = {ts}, "
            "resolved_by_id = ?, resolution = ?, "
            "acknowledged_at = COALESCE(acknowledged_at, {ts}), "
            "acknowledged_by_id = COALESCE(acknowledged_by_id, ?) "
            "WHERE id = ? AND status <> 'RESOLVED'",
            now, actor.id, resolution, now, actor.id, request.id,
        )  # fmt: skip
        if not moved:
            raise DomainError(ErrorCode.ALREADY_DONE, field="request_id")
        notice = await notifications.notify(
            request.member_id, ASSISTANCE_RESOLVED,
            {"requestId": request.id, "eventId": request.event_id}, using=conn,
        )  # fmt: skip
    await notifications.publish_notifications([notice])
    return await AssistanceRequest.get(id=request.id)


async def _crew_request(actor: Actor, request_id: int) -> AssistanceRequest:
    request = await AssistanceRequest.get_or_none(id=request_id)
    if request is None:
        raise NotFound(field="request_id")
    event = await get_event(request.event_id)
    await require_organizer(actor, event, crew=True, field="request_id")
    return request


async def event_requests(*, actor: Actor, event_id: int) -> list[AssistanceRequest]:
    """The event's requests, open ones first then newest (event crew only)."""
    event = await get_event(event_id)
    await require_organizer(actor, event, crew=True)
    return (await requests_by_event([event.id]))[event.id]


async def assistance_summary(*, actor: Actor, event_id: int) -> AssistanceSummary:
    """Response figures for the event (event crew only): one query for the response times."""
    event = await get_event(event_id)
    await require_organizer(actor, event, crew=True)
    return (await summaries_by_event([event.id]))[event.id]


async def requests_by_event(event_ids: Sequence[int]) -> dict[int, list[AssistanceRequest]]:
    """Each event's requests, open ones first then newest, in one query. No rights check:
    the caller has made sure the actor crews these events (``access.standings``)."""
    rows = await AssistanceRequest.filter(event_id__in=list(event_ids)).order_by("-id")
    found: dict[int, list[AssistanceRequest]] = {int(event_id): [] for event_id in event_ids}
    for row in sorted(rows, key=lambda row: row.resolved_at is not None):
        found[row.event_id].append(row)
    return found


async def summaries_by_event(event_ids: Sequence[int]) -> dict[int, AssistanceSummary]:
    """Each event's response figures from one query (rights checked by the caller, as
    above)."""
    rows = await AssistanceRequest.filter(event_id__in=list(event_ids)).values_list(
        "event_id", "created_at", "acknowledged_at", "status"
    )
    times: dict[int, list[tuple[datetime, datetime | None, str]]] = {
        int(event_id): [] for event_id in event_ids
    }
    for event_id, created, acked, status in rows:
        times[int(event_id)].append((created, acked, status))
    return {event_id: _summarize(found) for event_id, found in times.items()}


def _summarize(rows: list[tuple[datetime, datetime | None, str]]) -> AssistanceSummary:
    waits = sorted(
        (acked - created).total_seconds() / 60 for created, acked, _ in rows if acked is not None
    )
    count = len(rows)
    within = sum(1 for minutes in waits if minutes <= PROMISE.total_seconds() / 60)
    return AssistanceSummary(
        count=count,
        open=sum(1 for *_, status in rows if status == "OPEN"),
        acknowledged=len(waits),
        median_minutes_to_acknowledge=_median(waits),
        max_minutes_to_acknowledge=round(waits[-1], 1) if waits else None,
        within_promise_share=round(within / count, 3) if count else None,
    )


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return round(values[middle], 1)
    return round((values[middle - 1] + values[middle]) / 2, 1)
