"""Feedback over GraphQL: the member leaves it once; organizers read the aggregate and the
funnel on the event and for their circle, others read null."""

from __future__ import annotations

from tests.events.support import ERRORS, codes, gid
from tests.factories import make_member, make_organizer, make_registration, started_event

LEAVE = f"""
mutation Leave($input: LeaveEventFeedbackInput!) {{
  leaveEventFeedback(input: $input) {{ feedback {{ rating nps comment }} {ERRORS} }}
}}"""
INSIGHTS = """
query Insights($id: ID!, $circle: ID!) {
  event(id: $id) {
    feedbackSummary { count averageRating nps promoters detractors }
    funnel { signedUp confirmed checkedIn completed feedback }
  }
  circleEventInsights(circleId: $circle) { feedbackSummary { count nps } funnel { completed } }
}"""


async def _leave(gql, member, registration, **values):
    variables = {"input": {"registrationId": gid("Registration", registration.id), **values}}
    return (await gql.data(LEAVE, variables, token=member.token))["leaveEventFeedback"]


async def test_feedback_once_and_the_organizers_aggregate(gql):
    # given
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    member, registration = await make_registration(event, status="COMPLETED")
    # when
    first = await _leave(gql, member, registration, rating=5, nps=10, comment="好")
    twice = await _leave(gql, member, registration, rating=1, nps=0)
    ids = {"id": gid("Event", event.id), "circle": gid("Circle", event.circle_id)}
    seen = await gql.data(INSIGHTS, ids, token=organizer.token)
    hidden = await gql.data(INSIGHTS, ids, token=member.token)
    # then
    assert first == {"feedback": {"rating": 5, "nps": 10, "comment": "好"}, "errors": []}
    assert codes(twice) == ["ALREADY_DONE"]
    assert seen["event"]["feedbackSummary"] == {
        "count": 1, "averageRating": 5.0, "nps": 100.0, "promoters": 1, "detractors": 0
    }  # fmt: skip
    assert seen["event"]["funnel"] == {
        "signedUp": 1, "confirmed": 1, "checkedIn": 1, "completed": 1, "feedback": 1
    }  # fmt: skip
    assert seen["circleEventInsights"] == {
        "feedbackSummary": {"count": 1, "nps": 100.0}, "funnel": {"completed": 1}
    }  # fmt: skip
    assert hidden["event"]["feedbackSummary"] is None
    assert hidden["event"]["funnel"] is None
    assert hidden["circleEventInsights"] is None


async def test_bad_feedback_is_refused(gql):
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    member, registration = await make_registration(event, status="COMPLETED")
    waiting, confirmed = await make_registration(event)
    assert codes(await _leave(gql, member, registration, rating=6, nps=5)) == ["INVALID_INPUT"]
    assert codes(await _leave(gql, member, registration, rating=5, nps=11)) == ["INVALID_INPUT"]
    assert codes(await _leave(gql, waiting, confirmed, rating=5, nps=5)) == ["NOT_COMPLETED"]
    assert codes(await _leave(gql, waiting, registration, rating=5, nps=5)) == ["NOT_FOUND"]


REGISTRATION_FEEDBACK = """
query Feedback($id: ID!) {
  event(id: $id) {
    viewerRegistration { feedback { rating comment } }
    registrations(first: 10) { edges { node { feedback { rating comment } } } }
  }
}"""


async def test_individual_feedback_is_for_its_member_and_the_organizers_not_the_crew(gql):
    # given: a crew member on the event and a rider's feedback
    from models.events import OrganizerRole

    organizer = await make_member("organizer")
    crew = await make_member("crew")
    event = await started_event(organizer)
    await make_organizer(event, crew, OrganizerRole.CREW)
    member, registration = await make_registration(event, status="COMPLETED")
    await _leave(gql, member, registration, rating=2, nps=3, comment="向导迟到")
    ids = {"id": gid("Event", event.id)}
    # when
    by_organizer = (await gql.data(REGISTRATION_FEEDBACK, ids, token=organizer.token))["event"]
    by_crew = (await gql.data(REGISTRATION_FEEDBACK, ids, token=crew.token))["event"]
    by_member = (await gql.data(REGISTRATION_FEEDBACK, ids, token=member.token))["event"]
    # then: the crew sees the registration (to check people in) but not the feedback
    left = {"rating": 2, "comment": "向导迟到"}
    assert [edge["node"]["feedback"] for edge in by_organizer["registrations"]["edges"]] == [left]
    assert [edge["node"]["feedback"] for edge in by_crew["registrations"]["edges"]] == [None]
    assert by_member["viewerRegistration"]["feedback"] == left
    assert by_member["registrations"] is None
