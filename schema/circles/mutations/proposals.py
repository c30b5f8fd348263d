"""Route co-creation: propose, vote, decide."""

from __future__ import annotations

import strawberry
from strawberry import relay

from schema.circles.enums import Vote
from schema.circles.mutations.payloads import RouteProposalPayload
from schema.circles.proposal_types import RouteProposalNode
from schema.circles.types import CircleNode
from schema.core.context import Info
from schema.core.ids import Id
from schema.core.runner import run
from schema.members.vehicles import Drivetrain
from schema.routes.types import Terrain
from services.circles import proposals


@strawberry.input(description="A route proposal for a circle's members to vote on.")
class ProposeRouteInput:
    circle_id: relay.GlobalID = strawberry.field(description="The circle.")
    name: str = strawberry.field(description="Route name, up to 64 characters.")
    region: str = strawberry.field(description="Where it lies, up to 64 characters.")
    terrain: Terrain = strawberry.field(description="Main terrain.")
    difficulty: int = strawberry.field(description="1 to 5.")
    distance_km: float = strawberry.field(description="Length in km (up to 5,000).")
    required_drivetrain: Drivetrain | None = strawberry.field(
        default=None, description="Least capable drivetrain it needs."
    )
    description: str = strawberry.field(description="Markdown, 1-10,000 characters.")
    images: list[str] = strawberry.field(default_factory=list, description="Up to nine.")


@strawberry.input(description="A vote on a proposal (changeable until it is decided).")
class VoteOnProposalInput:
    proposal_id: relay.GlobalID = strawberry.field(description="The proposal.")
    vote: Vote = strawberry.field(description="UP or DOWN.")


@strawberry.input(description="A moderator's decision on a proposal.")
class DecideProposalInput:
    proposal_id: relay.GlobalID = strawberry.field(description="The proposal.")
    accept: bool = strawberry.field(description="Accept (true) or reject (false).")
    reason: str | None = strawberry.field(default=None, description="Shown to the author.")


@strawberry.type
class ProposalMutations:
    @strawberry.mutation(description="Propose a route to a circle (a ROUTE_PROPOSAL post).")
    async def propose_route(self, info: Info, input: ProposeRouteInput) -> RouteProposalPayload:
        return await run(
            info,
            RouteProposalPayload,
            proposals.propose_route,
            circle_id=Id(input.circle_id, CircleNode),
            name=input.name,
            region=input.region,
            terrain=input.terrain,
            difficulty=input.difficulty,
            distance_km=input.distance_km,
            required_drivetrain=input.required_drivetrain,
            description=input.description,
            images=input.images,
        )

    @strawberry.mutation(description="Vote on a proposal (circle members, once, changeable).")
    async def vote_on_proposal(
        self, info: Info, input: VoteOnProposalInput
    ) -> RouteProposalPayload:
        return await run(
            info,
            RouteProposalPayload,
            proposals.vote,
            proposal_id=Id(input.proposal_id, RouteProposalNode),
            vote=input.vote.value,
        )

    @strawberry.mutation(
        description="Accept (it becomes an official route) or reject a proposal (moderators)."
    )
    async def decide_proposal(self, info: Info, input: DecideProposalInput) -> RouteProposalPayload:
        return await run(
            info,
            RouteProposalPayload,
            proposals.decide,
            proposal_id=Id(input.proposal_id, RouteProposalNode),
            accept=input.accept,
            reason=input.reason,
        )
