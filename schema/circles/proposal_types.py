"""The ``RouteProposal`` node: a member's route proposal with its tallies."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import strawberry
from strawberry import relay

from models.circles import RouteProposal
from schema.circles.access import readable_posts
from schema.circles.enums import ProposalStatus, Vote
from schema.circles.loaders import (
    CircleByIdLoader,
    PostByIdLoader,
    ProposalByIdLoader,
    ViewerVoteLoader,
)
from schema.circles.refs import CircleRef, PostRef, circle_node_of, post_node_of
from schema.core.context import Info
from schema.core.ids import key_of
from schema.members.types import MemberNode, member_nodes_by_id
from schema.members.vehicles import Drivetrain
from schema.routes.loaders import RouteByProposalLoader
from schema.routes.types import RouteNode, Terrain


@strawberry.type(
    name="RouteProposal",
    description="A route a member proposes to their circle (路线共创). Members vote, a "
    "moderator decides, an accepted one becomes an official route.",
)
class RouteProposalNode(relay.Node):
    proposal_id: relay.NodeID[int]
    name: str = strawberry.field(description="Proposed route name.")
    region: str = strawberry.field(description="Where it lies.")
    terrain: Terrain = strawberry.field(description="Main terrain.")
    difficulty: int = strawberry.field(description="1 to 5.")
    distance_km: float = strawberry.field(description="Length in kilometres.")
    required_drivetrain: Drivetrain | None = strawberry.field(
        description="Least capable drivetrain it needs, null when any will do."
    )
    status: ProposalStatus = strawberry.field(description="OPEN, ACCEPTED or REJECTED.")
    up_votes: int = strawberry.field(description="Votes for.")
    down_votes: int = strawberry.field(description="Votes against.")
    decision_reason: str = strawberry.field(description="The moderator's reason, if given.")
    decided_at: datetime | None = strawberry.field(description="When it was decided.")
    created_at: datetime = strawberry.field(description="When it was proposed.")
    model: strawberry.Private[RouteProposal]

    @classmethod
    def from_model(cls, row: RouteProposal) -> RouteProposalNode:
        return cls(
            proposal_id=row.id,
            name=row.name,
            region=row.region,
            terrain=row.terrain,
            difficulty=row.difficulty,
            distance_km=row.distance_km,
            required_drivetrain=row.required_drivetrain,
            status=row.status,
            up_votes=row.up_votes,
            down_votes=row.down_votes,
            decision_reason=row.decision_reason,
            decided_at=row.decided_at,
            created_at=row.created_at,
            model=row,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # one signature for strawberry's overloads
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[RouteProposalNode | None]:
        """Proposals resolve where their post is readable."""
        keys = [key_of(relay.GlobalID("RouteProposal", raw), cls) or 0 for raw in node_ids]
        rows = await info.context.loaders.get(ProposalByIdLoader).load_many(keys)
        posts = await info.context.loaders.get(PostByIdLoader).load_many(
            [row.post_id if row else 0 for row in rows]
        )
        allowed = await readable_posts(info, posts)
        return [
            cls.from_model(row) if row is not None and post is not None else None
            for row, post in zip(rows, allowed, strict=True)
        ]

    @strawberry.field(description="Votes for minus votes against.")
    def score(self) -> int:
        return self.up_votes - self.down_votes

    @strawberry.field(description="The viewer's vote, null when they have not voted.")
    async def viewer_vote(self, info: Info) -> Vote | None:
        viewer = await info.context.viewer()
        if viewer is None:
            return None
        value = await info.context.loaders.get(ViewerVoteLoader).load((viewer.id, self.proposal_id))
        return Vote(value) if value is not None else None

    @strawberry.field(description="Who proposed it.")
    async def author(self, info: Info) -> MemberNode | None:
        return (await member_nodes_by_id(info, [self.model.author_id]))[0]

    @strawberry.field(description="The circle it was proposed in.")
    async def circle(self, info: Info) -> CircleRef:
        row = await info.context.loaders.get(CircleByIdLoader).load(self.model.circle_id)
        assert row is not None
        return circle_node_of(row)

    @strawberry.field(description="The post carrying the proposal (description, comments).")
    async def post(self, info: Info) -> PostRef | None:
        row = await info.context.loaders.get(PostByIdLoader).load(self.model.post_id)
        return post_node_of(row) if row else None

    @strawberry.field(description="The official route it became, once accepted.")
    async def route(self, info: Info) -> RouteNode | None:
        row = await info.context.loaders.get(RouteByProposalLoader).load(self.proposal_id)
        return RouteNode.from_model(row) if row else None
