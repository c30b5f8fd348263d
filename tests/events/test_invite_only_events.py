"""Events of an INVITE circle are seen, like its posts, by the circle's ACTIVE members only
(and the event's organizers and staff admins): not listed, not resolvable, not joinable and
not streamed to anyone else."""

from __future__ import annotations

from models.circles import JoinPolicy, Membership, MembershipStatus
from models.events import Registration
from tests.events.support import codes, gid, sign_up
from tests.events.test_event_lists import EVENTS, JOINABLE, _titles
from tests.factories import driver, make_circle, make_event, make_member, make_membership

NODE = "query Event($id: ID!) { node(id: $id) { ... on Event { id title } } }"


async def _world():
    """An INVITE circle with one event, an OPEN circle with another, a member of the first
    (and one who left it), and an outsider; every member has a vehicle."""
    owner = await make_member("owner")
    closed = await make_circle(owner, join_policy=JoinPolicy.INVITE)
    hidden = await make_event(closed, title="私密穿越")
    public = await make_event(await make_circle(), title="公开穿越")
    member, member_car = await driver("insider")
    left, left_car = await driver("leaver")
    outsider, outsider_car = await driver("outsider")
    await make_membership(closed, member)
    await make_membership(closed, left, status=MembershipStatus.LEFT)
    people = {"member": (member, member_car), "left": (left, left_car),
              "outsider": (outsider, outsider_car)}  # fmt: skip
    return hidden, public, people


async def test_lists_show_them_to_the_circles_members_only(gql):
    # given
    hidden, public, people = await _world()
    admin = await make_member("admin", roles=["admin"])
    # when
    seen = {
        name: (await _titles(gql, EVENTS, "events", token=token))[0]
        for name, token in (
            ("anonymous", None), ("outsider", people["outsider"][0].token),
            ("left", people["left"][0].token), ("member", people["member"][0].token),
            ("admin", admin.token),
        )
    }  # fmt: skip
    joinable = {
        name: (await _titles(gql, JOINABLE, "eventsICanJoin", token=people[name][0].token))[0]
        for name in ("outsider", "member")
    }
    # then
    both = sorted([hidden.title, public.title])
    assert {name: sorted(titles) for name, titles in seen.items()} == {
        "anonymous": [public.title], "outsider": [public.title], "left": [public.title],
        "member": both, "admin": both,
    }  # fmt: skip
    assert sorted(joinable["outsider"]) == [public.title]
    assert sorted(joinable["member"]) == both


async def test_outsiders_cannot_resolve_or_join_them(gql):
    # given
    hidden, _, people = await _world()
    outsider, outsider_car = people["outsider"]
    member, member_car = people["member"]
    # when
    as_outsider = await gql.data(NODE, {"id": gid("Event", hidden.id)}, token=outsider.token)
    as_member = await gql.data(NODE, {"id": gid("Event", hidden.id)}, token=member.token)
    refused = await sign_up(gql, outsider, hidden, outsider_car)
    accepted = await sign_up(gql, member, hidden, member_car)
    # then
    assert as_outsider["node"] is None
    assert as_member["node"]["title"] == hidden.title
    assert codes(refused) == ["NOT_FOUND"]
    assert accepted["registration"]["status"] == "CONFIRMED"
    assert await Registration.filter(event_id=hidden.id).count() == 1


async def test_organizers_outside_the_circle_see_and_find_it_but_do_not_sign_up(gql):
    # given: an event organizer who is not in the INVITE circle
    organizer, car = await driver("runner")
    closed = await make_circle(join_policy=JoinPolicy.INVITE)
    event = await make_event(closed, organizer=organizer)
    # when
    node = await gql.data(NODE, {"id": gid("Event", event.id)}, token=organizer.token)
    listed, _ = await _titles(gql, EVENTS, "events", token=organizer.token)
    refused = await sign_up(gql, organizer, event, car)
    # then
    assert node["node"]["title"] == event.title
    assert listed == [event.title]
    assert codes(refused) == ["FORBIDDEN"]
    assert await Registration.filter(event_id=event.id).count() == 0


async def test_a_member_who_left_gets_their_first_result_on_a_retry(gql):
    # given: a member signed up, then left the circle
    hidden, _, people = await _world()
    member, car = people["member"]
    first = await sign_up(gql, member, hidden, car, key="before-leaving")
    await Membership.filter(circle_id=hidden.circle_id, member_id=member.member.id).update(
        status=MembershipStatus.LEFT
    )
    # when: the client retries the same request, then tries a new one
    again = await sign_up(gql, member, hidden, car, key="before-leaving")
    other = await sign_up(gql, member, hidden, car, key="after-leaving")
    # then
    assert again == first
    assert codes(other) == ["NOT_FOUND"]
