"""Crew support over GraphQL: a participant asks, the crew acknowledges and resolves, the
organizers read the requests and the summary; non-participants and non-crew are refused."""

from __future__ import annotations

from models.events import OrganizerRole
from tests.events.support import ERRORS, codes, gid
from tests.factories import make_member, make_organizer, make_registration, started_event

REQUEST = f"""
mutation Ask($input: RequestAssistanceInput!) {{
  requestAssistance(input: $input) {{ request {{ id status issue location }} {ERRORS} }}
}}"""
ACK = f"""
mutation Ack($input: AssistanceInput!) {{
  acknowledgeAssistance(input: $input) {{ request {{ status minutesToAcknowledge }} {ERRORS} }}
}}"""
RESOLVE = f"""
mutation Resolve($input: ResolveAssistanceInput!) {{
  resolveAssistance(input: $input) {{ request {{ status resolution }} {ERRORS} }}
}}"""
CREW_VIEW = """
query Crew($id: ID!) {
  event(id: $id) {
    assistanceRequests { status member { handle } }
    assistanceSummary { count open acknowledged withinPromiseShare }
  }
}"""


async def test_a_call_answered_by_the_crew(gql):
    # given
    organizer = await make_member("organizer")
    crew = await make_member("crew")
    event = await started_event(organizer)
    await make_organizer(event, crew, OrganizerRole.CREW)
    member, _ = await make_registration(event, status="CHECKED_IN")
    stranger = await make_member("stranger")
    ask = {"input": {"eventId": gid("Event", event.id), "issue": "BREAKDOWN",
                     "location": "K12 补给点", "details": "水温高"}}  # fmt: skip
    # when
    refused = (await gql.data(REQUEST, ask, token=stranger.token))["requestAssistance"]
    asked = (await gql.data(REQUEST, ask, token=member.token))["requestAssistance"]
    target = {"input": {"requestId": asked["request"]["id"]}}
    not_crew = (await gql.data(ACK, target, token=stranger.token))["acknowledgeAssistance"]
    acked = (await gql.data(ACK, target, token=crew.token))["acknowledgeAssistance"]
    resolved = await gql.data(
        RESOLVE, {"input": {**target["input"], "resolution": "换了节温器"}}, token=crew.token
    )
    view = await gql.data(CREW_VIEW, {"id": gid("Event", event.id)}, token=organizer.token)
    outside = await gql.data(CREW_VIEW, {"id": gid("Event", event.id)}, token=member.token)
    # then
    assert codes(refused) == ["NOT_PARTICIPANT"]
    assert asked["request"]["status"] == "OPEN"
    assert codes(not_crew) == ["FORBIDDEN"]
    assert acked["request"]["status"] == "ACKNOWLEDGED"
    assert acked["request"]["minutesToAcknowledge"] >= 0
    assert resolved["resolveAssistance"]["request"] == {
        "status": "RESOLVED", "resolution": "换了节温器"
    }  # fmt: skip
    assert view["event"]["assistanceRequests"] == [
        {"status": "RESOLVED", "member": {"handle": member.member.handle}}
    ]
    assert view["event"]["assistanceSummary"] == {
        "count": 1, "open": 0, "acknowledged": 1, "withinPromiseShare": 1.0
    }  # fmt: skip
    assert outside["event"]["assistanceRequests"] is None
