"""The ``RouteProposal`` node: a member's route proposal with its tallies."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay

from models.circles import RouteProposal
from schema.circles.access import readable_posts
from schema.circles.args import node_keys
from schema.circles.enums import ProposalStatusEnum, Vote
from schema.circles.loaders import (
    CircleByIdLoader,
    PostByIdLoader,
    ProposalByIdLoader,
    ViewerVoteLoader,
)
from schema.circles.post_types import PostNode
from schema.circles.types import CircleNode
from schema.core.context import Info
from schema.members.types import MemberNode, member_nodes_by_id
from schema.members.vehicles import DrivetrainEnum
from schema.routes.loaders import RouteByProposalLoader
from schema.routes.types import RouteNode, TerrainEnum


@strawberry.type(
    name="RouteProposal",
    description="A route a member proposes to their circle (路线共创). Members vote, a "
    "moderator decides, an accepted one becomes an official route.",
)
class RouteProposalNode(relay.Node):
    proposal_id: relay.NodeID[int]
    name: str = strawberry.field(description="Proposed route name.")
    region: str = strawberry.field(description="Where it lies.")
    terrain: TerrainEnum = strawberry.field(description="Main terrain.")
    difficulty: int = strawberry.field(description="1 to 5.")
    distance_km: float = strawberry.field(description="Length in kilometres.")
    required_drivetrain: DrivetrainEnum | None = strawberry.field(
        description="Least capable drivetrain it needs, null when any will do."
    )
    status: ProposalStatusEnum = strawberry.field(description="OPEN, ACCEPTED or REJECTED.")
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
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Any, node_ids: Iterable[str], required: bool = False
    ) -> list[RouteProposalNode | None]:
        rows = await info.context.loaders.get(ProposalByIdLoader).load_many(node_keys(node_ids))
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
        value = await info.context.loaders.get(ViewerVoteLoader).load(
            (viewer.member.id, self.proposal_id)
        )
        return Vote(value) if value is not None else None

    @strawberry.field(description="Who proposed it.")
    async def author(self, info: Info) -> MemberNode | None:
        return (await member_nodes_by_id(info, [self.model.author_id]))[0]

    @strawberry.field(description="The circle it was proposed in.")
    async def circle(self, info: Info) -> CircleNode:
        row = await info.context.loaders.get(CircleByIdLoader).load(self.model.circle_id)
        assert row is not None
        return CircleNode.from_model(row)

    @strawberry.field(description="The post carrying the proposal (description, comments).")
    async def post(self, info: Info) -> PostNode | None:
        row = await info.context.loaders.get(PostByIdLoader).load(self.model.post_id)
        return PostNode.from_model(row) if row else None

    @strawberry.field(description="The official route it became, once accepted.")
    async def route(self, info: Info) -> RouteNode | None:
        row = await info.context.loaders.get(RouteByProposalLoader).load(self.proposal_id)
        return RouteNode.from_model(row) if row else None
