"""proposeRoute, voteOnProposal and decideProposal (route co-creation)."""

from __future__ import annotations

import asyncio

from models.circles import ProposalVote, RouteProposal
from models.loyalty import ContributionEntry
from models.notifications import Notification
from models.outbox import OutboxEvent
from models.routes import Route
from services.loyalty.contribution import contribution_score
from tests.circles.support import ERRORS, codes, create_circle, join, pk, propose
from tests.factories import make_member

VOTE = f"""
mutation Vote($input: VoteOnProposalInput!) {{
  voteOnProposal(input: $input) {{ proposal {{ id upVotes downVotes score viewerVote }} {ERRORS} }}
}}"""
DECIDE = f"""
mutation Decide($input: DecideProposalInput!) {{
  decideProposal(input: $input) {{
    proposal {{ id status decisionReason route {{ id name }} }}
    route {{ id name region terrain difficulty distanceKm requiredDrivetrain fromProposal }}
    {ERRORS}
  }}
}}"""


async def _setup(gql):
    owner, author, voter = [await make_member(h) for h in ("owner", "author", "voter")]
    circle = await create_circle(gql, owner)
    for member in (author, voter):
        await join(gql, member, circle["id"])
    proposal = (await propose(gql, author, circle["id"]))["proposal"]
    return owner, author, voter, circle, proposal


async def _vote(gql, member, proposal_id, vote):
    variables = {"input": {"proposalId": proposal_id, "vote": vote}}
    return (await gql.data(VOTE, variables, token=member.token))["voteOnProposal"]


async def _decide(gql, member, proposal_id, accept, reason=None):
    variables = {"input": {"proposalId": proposal_id, "accept": accept, "reason": reason}}
    return (await gql.data(DECIDE, variables, token=member.token))["decideProposal"]


async def test_a_proposal_is_a_route_proposal_post(gql):
    _, _, _, _, proposal = await _setup(gql)
    assert proposal["status"] == "OPEN"
    assert proposal["post"]["kind"] == "ROUTE_PROPOSAL"
    assert proposal["post"]["title"] == "库布其沙漠穿越"


async def test_bad_proposals_are_refused(gql):
    owner = await make_member("owner")
    outsider = await make_member("outsider")
    circle = await create_circle(gql, owner)
    assert codes(await propose(gql, outsider, circle["id"])) == ["NOT_MEMBER"]
    assert codes(await propose(gql, owner, circle["id"], difficulty=6)) == ["INVALID_INPUT"]
    assert codes(await propose(gql, owner, circle["id"], distanceKm=0)) == ["INVALID_INPUT"]
    assert codes(await propose(gql, owner, circle["id"], name=" ")) == ["INVALID_INPUT"]
    bad_body = await propose(gql, owner, circle["id"], description="<script>1</script>")
    assert codes(bad_body) == ["INVALID_INPUT"]
    assert await RouteProposal.all().count() == 0


async def test_members_vote_once_and_may_change_their_mind(gql):
    owner, author, voter, _, proposal = await _setup(gql)
    up = await _vote(gql, voter, proposal["id"], "UP")
    assert (up["proposal"]["upVotes"], up["proposal"]["viewerVote"]) == (1, "UP")
    assert codes(await _vote(gql, voter, proposal["id"], "UP")) == ["ALREADY_VOTED"]
    down = await _vote(gql, voter, proposal["id"], "DOWN")
    assert (down["proposal"]["upVotes"], down["proposal"]["downVotes"]) == (0, 1)
    await _vote(gql, owner, proposal["id"], "UP")
    final = await _vote(gql, author, proposal["id"], "UP")
    assert final["proposal"]["score"] == 1
    assert await ProposalVote.all().count() == 3


async def test_outsiders_cannot_vote(gql):
    _, _, _, _, proposal = await _setup(gql)
    outsider = await make_member("outsider")
    assert codes(await _vote(gql, outsider, proposal["id"], "UP")) == ["NOT_MEMBER"]
    assert await ProposalVote.all().count() == 0


async def test_accepting_makes_an_official_route_and_credits_the_author_once(gql):
    # given
    owner, author, voter, circle, proposal = await _setup(gql)
    await _vote(gql, voter, proposal["id"], "UP")
    # when a member without rights tries, then the owner accepts
    refused = await _decide(gql, voter, proposal["id"], True)
    accepted = await _decide(gql, owner, proposal["id"], True, "路线很好")
    # then
    assert codes(refused) == ["FORBIDDEN"]
    route = accepted["route"]
    assert route == {
        "id": route["id"],
        "name": "库布其沙漠穿越",
        "region": "内蒙古鄂尔多斯",
        "terrain": "DESERT",
        "difficulty": 4,
        "distanceKm": 120.5,
        "requiredDrivetrain": "FOUR_WD",
        "fromProposal": True,
    }
    assert accepted["proposal"]["status"] == "ACCEPTED"
    assert accepted["proposal"]["route"]["id"] == route["id"]
    assert await contribution_score(author.member.id) == 50
    entry = await ContributionEntry.get(member_id=author.member.id)
    assert entry.idempotency_key == f"route-proposal:{pk(proposal['id'])}"
    event = await OutboxEvent.get(topic="circle.route_accepted")
    assert event.payload["route_id"] == pk(route["id"])
    assert event.payload["author_id"] == author.member.id
    notice = await Notification.get(member_id=author.member.id, kind="PROPOSAL_DECIDED")
    assert notice.payload["accepted"] is True
    # and a closed proposal takes no more votes or decisions
    assert codes(await _vote(gql, voter, proposal["id"], "DOWN")) == ["PROPOSAL_CLOSED"]
    assert codes(await _decide(gql, owner, proposal["id"], False)) == ["PROPOSAL_CLOSED"]
    assert await Route.all().count() == 1
    assert await contribution_score(author.member.id) == 50


async def test_concurrent_accepts_create_one_route(gql):
    owner, author, _, circle, proposal = await _setup(gql)
    staff = await make_member("staff", roles=["admin"])
    results = await asyncio.gather(
        *(_decide(gql, who, proposal["id"], True) for who in [owner, staff] * 4)
    )
    assert sum(1 for r in results if not r["errors"]) == 1
    assert {c for r in results for c in codes(r)} == {"PROPOSAL_CLOSED"}
    assert await Route.all().count() == 1
    assert await ContributionEntry.filter(member_id=author.member.id).count() == 1
    assert await contribution_score(author.member.id) == 50


async def test_rejecting_notifies_without_a_route(gql):
    owner, author, _, _, proposal = await _setup(gql)
    rejected = await _decide(gql, owner, proposal["id"], False, "太危险")
    assert rejected["proposal"]["status"] == "REJECTED"
    assert rejected["proposal"]["decisionReason"] == "太危险"
    assert rejected["route"] is None
    assert await Route.all().count() == 0
    notice = await Notification.get(member_id=author.member.id, kind="PROPOSAL_DECIDED")
    assert notice.payload["accepted"] is False


async def test_concurrent_votes_keep_the_tallies_exact(gql):
    # given 16 members of the circle
    owner, author, _, circle, proposal = await _setup(gql)
    voters = [await make_member(f"v{n}") for n in range(16)]
    for member in voters:
        await join(gql, member, circle["id"])
    # when each votes up and down at once, some twice the same way
    calls = [_vote(gql, member, proposal["id"], "UP") for member in voters]
    calls += [_vote(gql, member, proposal["id"], "DOWN") for member in voters[::2]]
    calls += [_vote(gql, member, proposal["id"], "UP") for member in voters[1::4]]
    await asyncio.gather(*calls)
    # then the counters equal the stored votes
    stored = await ProposalVote.filter(proposal_id=pk(proposal["id"])).values_list(
        "value", flat=True
    )
    row = await RouteProposal.get(id=pk(proposal["id"]))
    assert len(stored) == 16
    assert (row.up_votes, row.down_votes) == (stored.count(1), stored.count(-1))
