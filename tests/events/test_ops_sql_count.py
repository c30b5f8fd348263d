"""The operations fields of a page of events (feedback aggregate, funnel, assistance) run a
constant number of SQL statements whatever the page size: the viewer's rights and every
aggregate are loaded for the whole page at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models.events import (
    AssistanceIssue,
    AssistanceRequest,
    EventFeedback,
    OrganizerRole,
    RegistrationStatus,
)
from tests.factories import (
    SignedIn,
    make_circle,
    make_event,
    make_member,
    make_organizer,
    make_registration,
    make_route,
    make_vehicle,
)
from tests.sqlcount import count_sql

OPS = """
query Ops($first: Int!) {
  events(first: $first) {
    edges { node {
      id
      feedbackSummary { count averageRating }
      funnel { signedUp completed feedback }
      assistanceRequests { id issue }
      assistanceSummary { count open }
    } }
  }
}"""


async def _events_run_crewed_and_foreign(count: int) -> SignedIn:
    """``count`` events in turn run by the viewer (their circle), crewed by the viewer (another
    circle) and foreign to them, each with a completed rider's feedback and a call for help."""
    viewer = await make_member("organizer")
    rider = await make_member("rider")
    vehicle = await make_vehicle(rider)
    route = await make_route()
    circles = [await make_circle(viewer), await make_circle(), await make_circle()]
    now = datetime.now(UTC)
    for n in range(count):
        event = await make_event(circle=circles[n % 3], route=route)
        if n % 3 == 1:
            await make_organizer(event, viewer, OrganizerRole.CREW)
        _, registration = await make_registration(
            event, rider, status=RegistrationStatus.COMPLETED, vehicle=vehicle, completed_at=now
        )
        await EventFeedback.create(
            registration_id=registration.id, event_id=event.id, rating=4, nps=9, comment=""
        )
        await AssistanceRequest.create(
            event_id=event.id, member_id=rider.member.id, issue=AssistanceIssue.STUCK,
            location="沙丘", created_at=now - timedelta(minutes=5),
        )  # fmt: skip
    return viewer


async def test_event_operations_run_the_same_statements_for_10_and_50_events(gql):
    # given
    viewer = await _events_run_crewed_and_foreign(60)
    # when
    async with count_sql() as small:
        data_small = await gql.data(OPS, {"first": 10}, token=viewer.token)
    async with count_sql() as large:
        data_large = await gql.data(OPS, {"first": 50}, token=viewer.token)
    # then
    nodes = [edge["node"] for edge in data_large["events"]["edges"]]
    assert len(data_small["events"]["edges"]) == 10 and len(nodes) == 50
    assert small.count == large.count, (small.statements, large.statements)
    assert large.count <= 8, large.statements
    # and the rights hold: run -> everything, crewed -> assistance only, foreign -> nothing
    run = [node for node in nodes if node["feedbackSummary"] is not None]
    crewed = [
        node for node in nodes if node["feedbackSummary"] is None and node["assistanceSummary"]
    ]
    foreign = [node for node in nodes if node["assistanceRequests"] is None]
    assert (len(run), len(crewed), len(foreign)) == (17, 17, 16)
    assert all(node["funnel"] is None for node in crewed + foreign)
    assert all(node["assistanceSummary"] is None for node in foreign)
    assert {node["feedbackSummary"]["count"] for node in run} == {1}
    assert {node["funnel"]["feedback"] for node in run} == {1}
    assert {node["assistanceSummary"]["open"] for node in run + crewed} == {1}
    assert {len(node["assistanceRequests"]) for node in run + crewed} == {1}
