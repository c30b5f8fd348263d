"""Waitlist positions and the other registration fields cost the same statements for a page of
10 registrations as for 50 (loaders, no N+1)."""

from __future__ import annotations

from models.events import Registration
from tests.events.support import gid, sign_up
from tests.factories import driver, make_circle, make_event, make_member
from tests.sqlcount import count_sql

NODES = """
query Registrations($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on Registration {
      status waitlistPosition passengers
      event { id seatsTaken waitlistLength } member { handle } vehicle { year }
    }
  }
}"""


async def test_registration_fields_run_the_same_statements_for_10_and_50(gql):
    # given: one seat, 49 waiting, seen by the circle's owner
    owner = await make_member("owner")
    event = await make_event(await make_circle(owner), capacity=1)
    for n in range(50):
        member, car = await driver(f"q{n}")
        await sign_up(gql, member, event, car)
    keys = await Registration.filter(event_id=event.id).order_by("id").values_list("id", flat=True)
    ids = [gid("Registration", key) for key in keys]
    # when
    async with count_sql() as small:
        few = await gql.data(NODES, {"ids": ids[:10]}, token=owner.token)
    async with count_sql() as large:
        many = await gql.data(NODES, {"ids": ids}, token=owner.token)
    # then
    assert small.count == large.count, (small.statements, large.statements)
    positions = [node["waitlistPosition"] for node in many["nodes"]]
    assert positions == [None, *range(1, 50)]
    assert [node["status"] for node in few["nodes"]][:2] == ["CONFIRMED", "WAITLISTED"]
