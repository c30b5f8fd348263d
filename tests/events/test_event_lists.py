"""Event lists: the public list (filters, keyset pages), the events the viewer can join
(requirements pre-checked), the viewer's and the organizers' registration lists; each runs the
same number of SQL statements for a page of 10 and of 100."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models.events import Event, EventStatus
from models.members import Drivetrain
from tests.events.support import gid
from tests.factories import (
    event_row,
    make_circle,
    make_event,
    make_member,
    make_registration,
    make_route,
    make_vehicle,
)
from tests.sqlcount import count_sql

EVENTS = """
query Events($filter: EventFilterInput, $first: Int, $after: String) {
  events(filter: $filter, first: $first, after: $after) {
    edges { node { id title seatsLeft route { name difficulty } circle { name } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
JOINABLE = """
query Joinable($first: Int, $after: String) {
  eventsICanJoin(first: $first, after: $after) {
    edges { node { id title route { name } circle { name } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
MY_REGISTRATIONS = """
query { viewer { registrations(first: 10) { edges { node { status event { title } } } } } }"""
EVENT_REGISTRATIONS = """
query Regs($id: ID!, $status: RegistrationStatus) {
  event(id: $id) { registrations(filter: {status: $status}) { edges { node { status } } } }
}"""


async def _bulk_events(count: int, **overrides):
    """``count`` PUBLISHED events a day apart from tomorrow, in one circle on one route."""
    circle = await make_circle()
    route = await make_route(**overrides.pop("route", {}))
    now = datetime.now(UTC)
    rows = []
    for n in range(count):
        starts = now + timedelta(days=1 + n, hours=n % 3)
        values = {
            "title": f"活动{n:03d}",
            "starts_at": starts,
            "capacity": 10,
            "signup_closes_at": starts,
            "cancel_deadline": starts,
        }
        values.update(overrides)
        rows.append(event_row(circle, route, **values))
    await Event.bulk_create(rows)
    return circle, route


async def _titles(gql, query, field, token=None, **variables):
    data = await gql.data(query, variables, token=token)
    found = data[field]
    return [e["node"]["title"] for e in found["edges"]], found["pageInfo"]


async def test_events_page_soonest_first_with_filters(gql):
    # given: 5 events in 阿拉善 on a difficulty-2 route, 2 in 北京 on a difficulty-5 route
    await _bulk_events(5)
    hard_circle, _ = await _bulk_events(2, meeting_city="北京", title="难", route={"difficulty": 5})
    await make_event(status=EventStatus.DRAFT, title="草稿")
    # when
    first, info = await _titles(gql, EVENTS, "events", first=3, filter={"city": "阿拉善"})
    rest, info2 = await _titles(
        gql, EVENTS, "events", first=3, after=info["endCursor"], filter={"city": "阿拉善"}
    )
    hard, _ = await _titles(gql, EVENTS, "events", filter={"minDifficulty": 4})
    in_circle, _ = await _titles(
        gql, EVENTS, "events", filter={"circleId": gid("Circle", hard_circle.id)}
    )
    # then
    assert first == ["活动000", "活动001", "活动002"]
    assert info["hasNextPage"] is True
    assert rest == ["活动003", "活动004"]
    assert info2["hasNextPage"] is False
    assert hard == ["难", "难"]
    assert in_circle == ["难", "难"]
    everything, _ = await _titles(gql, EVENTS, "events", first=100)
    assert "草稿" not in everything and len(everything) == 7


async def test_bad_event_filters_are_refused(gql):
    result = await gql(EVENTS, {"filter": {"minDifficulty": 9}})
    assert result["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_events_i_can_join_leaves_out_what_the_viewer_cannot_join(gql):
    # given: a member with a 2WD vehicle
    member = await make_member("rider")
    await make_vehicle(member, Drivetrain.TWO_WD)
    open_event = await make_event(title="能报")
    await make_event(title="要四驱", required_drivetrain=Drivetrain.FOUR_WD)
    await make_event(title="要金卡", min_tier="GOLD")
    registered = await make_event(title="已报名")
    await make_registration(registered, member, drivetrain=Drivetrain.TWO_WD)
    await make_event(title="草稿", status=EventStatus.DRAFT)
    past_start = datetime.now(UTC) - timedelta(hours=1)
    await make_event(
        title="已开始", starts_at=past_start, signup_opens_at=past_start - timedelta(days=3),
        signup_closes_at=past_start - timedelta(days=1),
        cancel_deadline=past_start - timedelta(days=2),
    )  # fmt: skip
    # when
    titles, info = await _titles(gql, JOINABLE, "eventsICanJoin", token=member.token, first=10)
    # then
    assert titles == [open_event.title]
    assert info["hasNextPage"] is False


async def test_events_i_can_join_says_when_signing_up_only_waitlists(gql):
    # given: one event with seats, one with every seat taken
    member = await make_member("rider")
    await make_vehicle(member, Drivetrain.TWO_WD)
    await make_event(title="有座", starts_at=datetime.now(UTC) + timedelta(days=5))
    full = await make_event(title="满员", capacity=1)
    await make_registration(full, drivetrain=Drivetrain.TWO_WD)
    # when
    data = await gql.data(
        "{ eventsICanJoin(first: 10) { edges { node { title seatsLeft signUpWaitlists } } } }",
        token=member.token,
    )
    # then
    nodes = [edge["node"] for edge in data["eventsICanJoin"]["edges"]]
    assert nodes == [
        {"title": "有座", "seatsLeft": 20, "signUpWaitlists": False},
        {"title": "满员", "seatsLeft": 0, "signUpWaitlists": True},
    ]


async def test_events_i_can_join_pages_through_the_joinable_events(gql):
    member = await make_member("rider")
    await make_vehicle(member, Drivetrain.FOUR_WD)
    await _bulk_events(5)
    first, info = await _titles(gql, JOINABLE, "eventsICanJoin", token=member.token, first=2)
    second, info2 = await _titles(
        gql, JOINABLE, "eventsICanJoin", token=member.token, first=2, after=info["endCursor"]
    )
    third, info3 = await _titles(
        gql, JOINABLE, "eventsICanJoin", token=member.token, first=2, after=info2["endCursor"]
    )
    assert (first, second, third) == (["活动000", "活动001"], ["活动002", "活动003"], ["活动004"])
    assert (info["hasNextPage"], info3["hasNextPage"]) == (True, False)


async def test_event_lists_run_the_same_statements_for_10_and_100_events(gql):
    # given
    member = await make_member("rider")
    await make_vehicle(member, Drivetrain.FOUR_WD)
    await _bulk_events(130)
    for query, field in ((EVENTS, "events"), (JOINABLE, "eventsICanJoin")):
        # when
        async with count_sql() as small:
            data_small = await gql.data(query, {"first": 10}, token=member.token)
        async with count_sql() as large:
            data_large = await gql.data(query, {"first": 100}, token=member.token)
        # then
        assert len(data_small[field]["edges"]) == 10
        assert len(data_large[field]["edges"]) == 100
        assert small.count == large.count, (field, small.statements, large.statements)


async def test_registration_lists_for_the_viewer_and_the_organizers(gql):
    # given
    organizer = await make_member("organizer")
    event = await make_event(organizer=organizer, title="周末")
    member, _ = await make_registration(event)
    await make_registration(event, status="WAITLISTED")
    # when
    mine = await gql.data(MY_REGISTRATIONS, token=member.token)
    all_rows = await gql.data(EVENT_REGISTRATIONS, {"id": gid("Event", event.id)},
                              token=organizer.token)  # fmt: skip
    waiting = await gql.data(
        EVENT_REGISTRATIONS, {"id": gid("Event", event.id), "status": "WAITLISTED"},
        token=organizer.token,
    )  # fmt: skip
    hidden = await gql.data(EVENT_REGISTRATIONS, {"id": gid("Event", event.id)},
                            token=member.token)  # fmt: skip
    # then
    assert [e["node"] for e in mine["viewer"]["registrations"]["edges"]] == [
        {"status": "CONFIRMED", "event": {"title": "周末"}}
    ]
    statuses = [e["node"]["status"] for e in all_rows["event"]["registrations"]["edges"]]
    assert statuses == ["CONFIRMED", "WAITLISTED"]
    assert len(waiting["event"]["registrations"]["edges"]) == 1
    assert hidden["event"]["registrations"] is None
