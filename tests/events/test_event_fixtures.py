"""The demo events load once, on the demo routes, with consistent seat counts, a completed past
event that paid its riders, feedback and one answered assistance request."""

from __future__ import annotations

from fixtures.loader import load_demo_data
from models.events import (
    SEATED,
    AssistanceRequest,
    Event,
    EventFeedback,
    EventStatus,
    Registration,
)
from models.loyalty import LedgerEntry


async def _counts() -> dict[str, int]:
    return {
        "events": await Event.all().count(),
        "registrations": await Registration.all().count(),
        "feedback": await EventFeedback.all().count(),
        "assistance": await AssistanceRequest.all().count(),
        "earned": await LedgerEntry.filter(
            reason="EVENT_COMPLETED", idempotency_key__startswith="event-completed:"
        ).count(),
    }


async def test_demo_events_load_once_with_consistent_counts(gql):
    # when
    await load_demo_data()
    first = await _counts()
    await load_demo_data()
    # then
    assert await _counts() == first
    assert first == {"events": 3, "registrations": 9, "feedback": 3, "assistance": 1, "earned": 3}
    routes = {e.title: await e.route for e in await Event.all()}
    assert {route.name for route in routes.values()} == {"库布其沙漠穿越", "乌兰布统草原",
                                                         "阿拉善腾格里"}  # fmt: skip
    for event in await Event.all():
        seated = await Registration.filter(event_id=event.id, status__in=list(SEATED)).count()
        assert event.seats_taken == seated, event.title
    past = await Event.get(title="阿拉善腾格里月亮湖穿越")
    assert past.status == EventStatus.COMPLETED
    statuses = sorted(await Registration.filter(event_id=past.id).values_list("status", flat=True))
    assert statuses == ["COMPLETED", "COMPLETED", "COMPLETED", "NO_SHOW"]
    request = await AssistanceRequest.get()
    assert request.status == "RESOLVED"
    assert (request.acknowledged_at - request.created_at).total_seconds() == 12 * 60
