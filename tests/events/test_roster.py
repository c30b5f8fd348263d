"""The roster CSV: organizers download it with their bearer token; it lists vehicles by model
and drivetrain, never plates or VINs; everyone else is refused."""

from __future__ import annotations

import csv
import io

import httpx
from asgi_lifespan import LifespanManager

import runtime
from api.app import create_app
from models.members import Vehicle
from tests.conftest import make_settings
from tests.events.support import gid
from tests.factories import make_event, make_member, make_registration, started_event


def _url(event_id: int) -> str:
    return f"/events/{gid('Event', event_id)}/roster.csv"


def _rows(body: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


async def test_an_organizer_downloads_the_roster(http):
    # given
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    rider = await make_member("rider", display_name='=HYPERLINK("x")')
    _, checked_in = await make_registration(event, rider, status="CHECKED_IN", passengers=2)
    await Vehicle.filter(id=checked_in.vehicle_id).update(plate="蒙A12345")
    waiting, _ = await make_registration(event, status="WAITLISTED")
    await make_registration(event, status="CANCELLED")
    # when
    response = await http.get(
        _url(event.id), headers={"authorization": f"Bearer {organizer.token}"}
    )
    # then
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "蒙A12345" not in response.text
    header, first, second = _rows(response.text)
    assert header == ["handle", "display_name", "vehicle_model", "drivetrain", "passengers",
                      "status", "checked_in_at"]  # fmt: skip
    assert first[:6] == ["rider", '\'=HYPERLINK("x")', "测试 4WD 车型", "4WD", "2", "CHECKED_IN"]
    assert first[6] != ""
    assert second[0] == waiting.member.handle and second[5] == "WAITLISTED"


async def test_the_roster_is_refused_to_everyone_else(http):
    organizer = await make_member("organizer")
    event = await make_event(organizer=organizer)
    member, _ = await make_registration(event)
    cases = [
        ({}, 401),
        ({"authorization": "Bearer not-a-token"}, 401),
        ({"authorization": f"Bearer {member.token}"}, 403),
    ]
    for headers, status in cases:
        response = await http.get(_url(event.id), headers=headers)
        assert response.status_code == status, response.text
        assert "text/csv" not in response.headers["content-type"]
    missing = await http.get(
        "/events/bm90LWFuLWV2ZW50/roster.csv",
        headers={"authorization": f"Bearer {organizer.token}"},
    )
    assert missing.status_code == 404


async def test_an_event_id_is_read_strictly(http):
    # given: an organizer of an event
    organizer = await make_member("organizer")
    event = await make_event(organizer=organizer)
    auth = {"authorization": f"Bearer {organizer.token}"}
    # when: the event is named by a plain number, then by ids past the keys or not ASCII digits
    plain = await http.get(f"/events/{event.id}/roster.csv", headers=auth)
    bad = [str(2**63), "²", "0", gid("Event", 2**63), gid("Event", "²"), gid("Route", event.id)]
    answers = [await http.get(f"/events/{value}/roster.csv", headers=auth) for value in bad]
    # then: the plain number finds it, every other is not found (never a server error)
    assert plain.status_code == 200
    assert [answer.status_code for answer in answers] == [404] * len(bad)
    assert {answer.json()["error"]["code"] for answer in answers} == {"NOT_FOUND"}


async def test_downloads_count_against_the_members_rate_limit(settings):
    # given: an app allowing 2 requests a minute, and an organizer
    first = runtime.current()
    limited = create_app(
        make_settings(settings.database_url, settings.redis_url, rate_limit_per_minute=2),
        manage_orm=False,
    )
    organizer = await make_member("organizer")
    event = await make_event(organizer=organizer)
    auth = {"authorization": f"Bearer {organizer.token}"}
    try:
        async with LifespanManager(limited) as manager:
            runtime.configure(first.settings, first.redis)
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://convoy.test") as c:
                # when
                answers = [await c.get(_url(event.id), headers=auth) for _ in range(3)]
    finally:
        runtime.configure(first.settings, first.redis)
    # then
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].json()["error"]["code"] == "RATE_LIMITED"
    assert int(answers[2].headers["retry-after"]) >= 1
