"""createEvent, updateEvent, publishEvent, cancelEvent and designating organizers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from models.events import Event, Registration
from models.loyalty import PointsAccount, PointsHold
from models.notifications import Notification
from tests.events.support import ERRORS, codes, gid, pk, sign_up
from tests.factories import driver, make_circle, make_event, make_member, make_organizer, make_route

EVENT_FIELDS = """
    id title status timeZone localStartsAt capacity seatsTaken seatsLeft waitlistLength
    feePoints requirements { minTier badges drivetrain inspectionWithinDays }
    organizers { role member { handle } } circle { id } route { id }
"""
CREATE = f"""
mutation Create($input: CreateEventInput!) {{
  createEvent(input: $input) {{ event {{ {EVENT_FIELDS} }} {ERRORS} }}
}}"""
UPDATE = f"""
mutation Update($input: UpdateEventInput!) {{
  updateEvent(input: $input) {{ event {{ {EVENT_FIELDS} }} {ERRORS} }}
}}"""
PUBLISH = f"""
mutation Publish($input: EventInput!) {{
  publishEvent(input: $input) {{ event {{ id status }} {ERRORS} }}
}}"""
CANCEL_EVENT = f"""
mutation CancelEvent($input: CancelEventInput!) {{
  cancelEvent(input: $input) {{ event {{ id status seatsTaken waitlistLength }} {ERRORS} }}
}}"""
SET_ORGANIZER = f"""
mutation SetOrganizer($input: SetEventOrganizerInput!) {{
  setEventOrganizer(input: $input) {{
    event {{ organizers {{ role member {{ handle }} }} }} {ERRORS}
  }}
}}"""
EVENT = f"query Event($id: ID!) {{ event(id: $id) {{ {EVENT_FIELDS} }} }}"


def event_input(circle_id: int, route_id: int, **overrides: Any) -> dict[str, Any]:
    start = datetime.now(UTC) + timedelta(days=14)
    values: dict[str, Any] = {
        "circleId": gid("Circle", circle_id),
        "routeId": gid("Route", route_id),
        "title": "库布其沙漠穿越",
        "timeZone": "Asia/Shanghai",
        "startsAt": start.isoformat(),
        "endsAt": (start + timedelta(hours=9)).isoformat(),
        "meetingCity": "鄂尔多斯",
        "capacity": 12,
        "signupOpensAt": (start - timedelta(days=10)).isoformat(),
        "signupClosesAt": (start - timedelta(days=1)).isoformat(),
        "cancelDeadline": (start - timedelta(days=2)).isoformat(),
        "feePoints": 100,
        "requiredDrivetrain": "FOUR_WD",
    }
    values.update(overrides)
    return values


async def mutate(gql: Any, document: str, member: Any, values: dict[str, Any]) -> dict[str, Any]:
    data = await gql.data(document, {"input": values}, token=member.token)
    return next(iter(data.values()))


async def test_circle_owner_creates_a_draft_and_becomes_its_organizer(gql):
    # given
    owner = await make_member("owner")
    circle, route = await make_circle(owner), await make_route()
    # when
    payload = await mutate(gql, CREATE, owner, event_input(circle.id, route.id))
    # then
    assert payload["errors"] == []
    event = payload["event"]
    assert event["status"] == "DRAFT"
    assert event["organizers"] == [{"role": "ORGANIZER", "member": {"handle": "owner"}}]
    assert event["localStartsAt"].endswith("+08:00")
    assert event["requirements"]["drivetrain"] == "FOUR_WD"
    assert (event["seatsLeft"], event["feePoints"]) == (12, 100)


async def test_plain_members_cannot_create_but_staff_admins_can(gql):
    # given
    circle, route = await make_circle(), await make_route()
    member = await make_member("plain")
    admin = await make_member("admin", roles=["admin"])
    # when
    refused = await mutate(gql, CREATE, member, event_input(circle.id, route.id))
    created = await mutate(gql, CREATE, admin, event_input(circle.id, route.id))
    # then
    assert codes(refused) == ["FORBIDDEN"]
    assert created["errors"] == []
    assert await Event.all().count() == 1


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"title": "  "}, "INVALID_INPUT", "title"),
        ({"timeZone": "Mars/Olympus"}, "INVALID_INPUT", "timeZone"),
        ({"endsAt": "2020-01-01T00:00:00+00:00"}, "INVALID_INPUT", "endsAt"),
        ({"signupClosesAt": "2099-01-01T00:00:00+00:00"}, "INVALID_INPUT", "signupClosesAt"),
        ({"signupOpensAt": "2099-01-01T00:00:00+00:00"}, "INVALID_INPUT", "signupOpensAt"),
        ({"cancelDeadline": "2099-01-01T00:00:00+00:00"}, "INVALID_INPUT", "cancelDeadline"),
        ({"capacity": 0}, "INVALID_INPUT", "capacity"),
        ({"capacity": 501}, "INVALID_INPUT", "capacity"),
        ({"feePoints": -1}, "INVALID_INPUT", "feePoints"),
        ({"offerWindowHours": 0}, "INVALID_INPUT", "offerWindowHours"),
        ({"offerWindowHours": 169}, "INVALID_INPUT", "offerWindowHours"),
        ({"minTier": "PLATINUM"}, "INVALID_INPUT", "minTier"),
        ({"requiredBadges": ["no-such-badge"]}, "INVALID_INPUT", "requiredBadges"),
        ({"inspectionWithinDays": 0}, "INVALID_INPUT", "inspectionWithinDays"),
        ({"meetingCity": ""}, "INVALID_INPUT", "meetingCity"),
        ({"routeId": gid("Route", 10**9)}, "NOT_FOUND", "routeId"),
    ],
)
async def test_bad_event_input_is_refused(gql, change, code, field):
    # given
    owner = await make_member()
    circle, route = await make_circle(owner), await make_route()
    # when
    payload = await mutate(gql, CREATE, owner, event_input(circle.id, route.id, **change))
    # then
    assert payload["errors"][0]["code"] == code
    assert payload["errors"][0]["field"] == ["input", field]
    assert payload["errors"][0]["message"]
    assert await Event.all().count() == 0


async def test_publishing_opens_a_draft_once(gql):
    # given
    owner = await make_member()
    event = await make_event(await make_circle(owner), status="DRAFT", published_at=None)
    stranger = await make_member()
    hidden = await gql.data(EVENT, {"id": gid("Event", event.id)}, token=stranger.token)
    # when
    refused = await mutate(gql, PUBLISH, stranger, {"eventId": gid("Event", event.id)})
    published = await mutate(gql, PUBLISH, owner, {"eventId": gid("Event", event.id)})
    again = await mutate(gql, PUBLISH, owner, {"eventId": gid("Event", event.id)})
    # then
    assert hidden["event"] is None
    assert codes(refused) == ["NOT_FOUND"]  # a draft is hidden from strangers
    assert published["event"]["status"] == "PUBLISHED"
    assert codes(again) == ["ALREADY_DONE"]
    shown = await gql.data(EVENT, {"id": gid("Event", event.id)}, token=stranger.token)
    assert shown["event"]["status"] == "PUBLISHED"


async def test_non_organizers_cannot_edit_or_cancel(gql):
    # given: a member of nothing, and crew (who only answer assistance requests)
    owner = await make_member()
    event = await make_event(await make_circle(owner))
    stranger, crew = await make_member(), await make_member()
    await make_organizer(event, crew, "CREW")
    # when
    results = [
        await mutate(gql, UPDATE, who, {"eventId": gid("Event", event.id), "title": "改"})
        for who in (stranger, crew)
    ] + [
        await mutate(gql, CANCEL_EVENT, who, {"eventId": gid("Event", event.id)})
        for who in (stranger, crew)
    ]
    # then
    assert [codes(r) for r in results] == [["FORBIDDEN"]] * 4
    stored = await Event.get(id=event.id)
    assert (stored.title, stored.status) == (event.title, "PUBLISHED")


async def test_moving_a_published_event_notifies_each_registrant_once(gql):
    # given: two registrants and one who cancelled
    owner = await make_member()
    event = await make_event(await make_circle(owner), capacity=1)
    people = [await driver() for _ in range(3)]
    regs = [await sign_up(gql, m, event, car) for m, car in people]
    await Registration.filter(id=pk(regs[2]["registration"]["id"])).update(status="CANCELLED")
    later = event.starts_at + timedelta(days=1)
    # when: a title change, then a new start and end
    await mutate(gql, UPDATE, owner, {"eventId": gid("Event", event.id), "title": "新标题"})
    payload = await mutate(gql, UPDATE, owner, {
        "eventId": gid("Event", event.id), "startsAt": later.isoformat(),
        "endsAt": (later + timedelta(hours=8)).isoformat(),
    })  # fmt: skip
    # then
    assert payload["errors"] == []
    notices = await Notification.filter(kind="EVENT_CHANGED").values_list("member_id", "payload")
    assert sorted(m for m, _ in notices) == sorted(p[0].member.id for p in people[:2])
    assert all(p["changed"] == ["starts_at", "ends_at"] for _, p in notices)


async def test_capacity_and_fee_edits_respect_the_sign_ups(gql):
    # given: two seats taken, one waiting
    owner = await make_member()
    event = await make_event(await make_circle(owner), capacity=2)
    people = [await driver() for _ in range(3)]
    regs = [await sign_up(gql, m, event, car) for m, car in people]
    eid = gid("Event", event.id)
    # when
    too_small = await mutate(gql, UPDATE, owner, {"eventId": eid, "capacity": 1})
    fee = await mutate(gql, UPDATE, owner, {"eventId": eid, "feePoints": 10})
    bigger = await mutate(gql, UPDATE, owner, {"eventId": eid, "capacity": 3})
    # then
    assert codes(too_small) == ["INVALID_INPUT"]
    assert too_small["errors"][0]["field"] == ["input", "capacity"]
    assert codes(fee) == ["INVALID_INPUT"]
    assert bigger["event"]["seatsTaken"] == 3
    waiting = await Registration.get(id=pk(regs[2]["registration"]["id"]))
    assert waiting.status == "OFFERED"


async def test_cancelling_an_event_releases_every_fee_and_tells_every_registrant(gql):
    # given: two paying seats and one waiting
    owner = await make_member()
    event = await make_event(await make_circle(owner), capacity=2, fee_points=25)
    people = [await driver(points=100) for _ in range(3)]
    for member, car in people:
        await sign_up(gql, member, event, car)
    eid = gid("Event", event.id)
    # when
    payload = await mutate(gql, CANCEL_EVENT, owner, {"eventId": eid, "reason": "沙尘暴预警"})
    again = await mutate(gql, CANCEL_EVENT, owner, {"eventId": eid})
    # then
    assert payload["event"] == {"id": eid, "status": "CANCELLED", "seatsTaken": 0,
                                "waitlistLength": 0}  # fmt: skip
    assert codes(again) == ["ALREADY_DONE"]
    assert await PointsHold.filter(status="HELD").count() == 0
    assert await PointsHold.filter(status="RELEASED").count() == 2
    held = await PointsAccount.filter(member_id__in=[m.member.id for m, _ in people]).values_list(
        "held", flat=True
    )
    assert list(held) == [0, 0, 0]
    assert set(await Registration.all().values_list("status", flat=True)) == {"CANCELLED"}
    notified = await Notification.filter(kind="EVENT_CANCELLED").values_list("member_id", flat=True)
    assert sorted(notified) == sorted(m.member.id for m, _ in people)


async def test_a_designated_co_organizer_may_edit(gql):
    # given
    owner = await make_member("owner")
    event = await make_event(await make_circle(owner))
    helper = await make_member("helper")
    eid = gid("Event", event.id)
    # when
    designated = await mutate(gql, SET_ORGANIZER, owner, {
        "eventId": eid, "memberId": gid("Member", helper.member.id), "role": "CO_ORGANIZER",
    })  # fmt: skip
    edited = await mutate(gql, UPDATE, helper, {"eventId": eid, "title": "协办修改"})
    # then
    assert designated["errors"] == []
    assert {"role": "CO_ORGANIZER", "member": {"handle": "helper"}} in designated["event"][
        "organizers"
    ]
    assert edited["event"]["title"] == "协办修改"
