"""The series mutations over HTTP: defining a series, following it, editing it."""

from __future__ import annotations

from typing import Any

from tests.events.support import ERRORS, codes, gid
from tests.factories import make_circle, make_member, make_route

CREATE = f"""
mutation Create($input: CreateEventSeriesInput!) {{
  createEventSeries(input: $input) {{
    series {{ id rule count status viewerFollows occurrences {{ id sequence }} }}
    {ERRORS}
  }}
}}"""
UPDATE = f"""
mutation Update($input: UpdateEventSeriesInput!) {{
  updateEventSeries(input: $input) {{
    series {{ title }} changed {{ id title sequence }} skipped {{ event {{ id }} code message }}
    {ERRORS}
  }}
}}"""
FOLLOW = f"""
mutation Follow($input: EventSeriesInput!) {{
  followEventSeries(input: $input) {{ series {{ id viewerFollows }} {ERRORS} }}
}}"""


async def test_define_follow_and_edit_a_series(gql: Any) -> None:
    # given
    organizer = await make_member()
    circle = await make_circle(organizer)
    route = await make_route()
    member = await make_member()
    # when
    created = (await gql.data(CREATE, {"input": {
        "circleId": gid("Circle", circle.id), "routeId": gid("Route", route.id),
        "rule": "FREQ=WEEKLY;BYDAY=SA", "startsOn": "2030-01-05", "startTime": "09:00",
        "durationMinutes": 300, "count": 3, "horizonDays": 366, "title": "周六练车",
        "meetingCity": "北京", "capacity": 5,
    }}, token=organizer.token))["createEventSeries"]  # fmt: skip
    # then: 2030 lies beyond the horizon, so no occurrence exists yet
    series = created["series"]
    assert created["errors"] == []
    assert (series["rule"], series["count"], series["status"]) == (
        "FREQ=WEEKLY;BYDAY=SA",
        3,
        "ACTIVE",
    )
    # when: a member follows; an edit of ONE without naming the occurrence
    followed = (await gql.data(FOLLOW, {"input": {"seriesId": series["id"]}},
                               token=member.token))["followEventSeries"]  # fmt: skip
    refused = (await gql.data(UPDATE, {"input": {
        "seriesId": series["id"], "scope": "ONE", "title": "新标题",
    }}, token=organizer.token))["updateEventSeries"]  # fmt: skip
    outsider = (await gql.data(UPDATE, {"input": {
        "seriesId": series["id"], "scope": "ALL", "title": "新标题",
    }}, token=member.token))["updateEventSeries"]  # fmt: skip
    renamed = (await gql.data(UPDATE, {"input": {
        "seriesId": series["id"], "scope": "ALL", "title": "新标题",
    }}, token=organizer.token))["updateEventSeries"]  # fmt: skip
    # then
    assert followed["series"]["viewerFollows"] is True
    assert codes(refused) == ["INVALID_INPUT"]
    assert refused["errors"][0]["field"] == ["input", "eventId"]
    assert codes(outsider) == ["FORBIDDEN"]
    assert (renamed["errors"], renamed["series"]["title"]) == ([], "新标题")
