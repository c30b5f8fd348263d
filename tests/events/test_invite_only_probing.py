"""An outsider cannot tell an event of an INVITE circle (or a draft) from a missing one: the
organizer actions and the roster answer both with NOT_FOUND (docs/event-operations.md)."""

from __future__ import annotations

from models.circles import JoinPolicy
from models.events import Event, EventStatus
from tests.events.support import ERRORS, gid
from tests.factories import make_circle, make_event, make_member

PUBLISH = f"""mutation($id: ID!) {{
  publishEvent(input: {{eventId: $id}}) {{ event {{ id }} {ERRORS} }} }}"""
CANCEL = f"""mutation($id: ID!) {{
  cancelEvent(input: {{eventId: $id}}) {{ event {{ id }} {ERRORS} }} }}"""
COMPLETE = f"""mutation($id: ID!) {{
  completeEvent(input: {{eventId: $id}}) {{ event {{ id }} {ERRORS} }} }}"""
MISSING = gid("Event", 987_654_321)


async def _answers(gql, http, token: str, event_id: str) -> list[object]:
    """What each organizer action and the roster answer the viewer for ``event_id``."""
    found: list[object] = []
    for document, name in ((PUBLISH, "publishEvent"), (CANCEL, "cancelEvent"),
                           (COMPLETE, "completeEvent")):  # fmt: skip
        payload = (await gql.data(document, {"id": event_id}, token=token))[name]
        found.append([(error["code"], error["field"]) for error in payload["errors"]])
    roster = await http.get(
        f"/events/{event_id}/roster.csv", headers={"authorization": f"Bearer {token}"}
    )
    found.append((roster.status_code, roster.json()["error"]["code"]))
    return found


async def test_outsiders_get_the_answer_of_a_missing_event(gql, http):
    # given: a published event of an INVITE circle, a draft of an open one, and an outsider
    owner = await make_member("owner")
    closed = await make_circle(owner, join_policy=JoinPolicy.INVITE)
    hidden = await make_event(closed, status=EventStatus.PUBLISHED)
    draft = await make_event(await make_circle(owner), status=EventStatus.DRAFT)
    outsider = await make_member("outsider")
    # when
    missing = await _answers(gql, http, outsider.token, MISSING)
    for_hidden = await _answers(gql, http, outsider.token, gid("Event", hidden.id))
    for_draft = await _answers(gql, http, outsider.token, gid("Event", draft.id))
    # then: the same answers, and nothing changed
    assert missing == [[("NOT_FOUND", ["input", "eventId"])]] * 3 + [(404, "NOT_FOUND")]
    assert for_hidden == missing
    assert for_draft == missing
    assert (await Event.get(id=hidden.id)).status == EventStatus.PUBLISHED
    assert (await Event.get(id=draft.id)).status == EventStatus.DRAFT


async def test_a_member_who_sees_the_event_is_still_forbidden(gql, http):
    # given: a published event of an open circle, seen by everyone
    event = await make_event(await make_circle(await make_member("owner")))
    member = await make_member("member")
    # when
    answers = await _answers(gql, http, member.token, gid("Event", event.id))
    # then: FORBIDDEN, as it was (seeing an event is not running it)
    assert [answer[0][0] for answer in answers[:3]] == ["FORBIDDEN"] * 3
    assert answers[3] == (403, "FORBIDDEN")
