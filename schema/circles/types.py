"""``Circle``, ``CircleMembership`` and ``CircleInvite``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import relay

from models.circles import Circle, CircleInvite, Membership
from schema.circles.args import After, First, page
from schema.circles.enums import (
    Certification,
    CircleKind,
    JoinPolicy,
    MembershipRole,
    MembershipStatus,
    ProposalStatus,
)
from schema.circles.loaders import (
    CircleByIdLoader,
    PinnedPostsByCircleLoader,
    ViewerMembershipLoader,
)
from schema.circles.post_types import PostNode, post_connection, post_nodes
from schema.circles.proposal_types import RouteProposalNode
from schema.core.context import Info
from schema.core.ids import key_of
from schema.core.pagination import Connection, to_connection
from schema.members.types import MemberNode, member_nodes_by_id
from services.circles import feeds, roster


@strawberry.type(
    name="Circle",
    description="An interest circle (圈子): members who share a city, an interest, a profession "
    "or a family life, and the posts, routes and events they make together.",
)
class CircleNode(relay.Node):
    circle_id: relay.NodeID[int]
    slug: str = strawberry.field(description="Unique address, e.g. `beijing-offroad`.")
    name: str = strawberry.field(description="Name, e.g. 北京越野圈.")
    kind: CircleKind = strawberry.field(description="What brings the circle together.")
    city: str | None = strawberry.field(description="Home city, when the circle has one.")
    tags: list[str] = strawberry.field(description="Lower-cased tags.")
    description: str = strawberry.field(description="What the circle is about.")
    cover_url: str | None = strawberry.field(description="Cover image (https URL).")
    join_policy: JoinPolicy = strawberry.field(description="How members get in.")
    certified: bool = strawberry.field(description="Certified by staff (官方认证).")
    certification: Certification = strawberry.field(
        description="Where the circle stands in certification."
    )
    certification_note: str = strawberry.field(
        description="The founder's request note, or staff's reason for the decision."
    )
    member_count: int = strawberry.field(description="ACTIVE members, exact.")
    post_count: int = strawberry.field(description="Posts not deleted.")
    last_activity_at: datetime = strawberry.field(description="Latest post or comment.")
    created_at: datetime = strawberry.field(description="When the circle was founded.")
    founder_id: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, row: Circle) -> CircleNode:
        return cls(
            circle_id=row.id,
            slug=row.slug,
            name=row.name,
            kind=row.kind,
            city=row.city,
            tags=list(row.tags or []),
            description=row.description,
            cover_url=row.cover_url,
            join_policy=row.join_policy,
            certified=row.certified,
            certification=row.certification,
            certification_note=row.certification_note,
            member_count=row.member_count,
            post_count=row.post_count,
            last_activity_at=row.last_activity_at,
            created_at=row.created_at,
            founder_id=row.founder_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # one signature for strawberry's overloads
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[CircleNode | None]:
        keys = [key_of(relay.GlobalID("Circle", raw), cls) or 0 for raw in node_ids]
        rows = await info.context.loaders.get(CircleByIdLoader).load_many(keys)
        return [cls.from_model(row) if row is not None else None for row in rows]

    @strawberry.field(description="The member who founded the circle.")
    async def founder(self, info: Info) -> MemberNode | None:
        return (await member_nodes_by_id(info, [self.founder_id]))[0]

    @strawberry.field(description="The viewer's membership (any status), null when none.")
    async def viewer_membership(self, info: Info) -> CircleMembershipNode | None:
        viewer = await info.context.viewer()
        if viewer is None:
            return None
        row = await info.context.loaders.get(ViewerMembershipLoader).load(
            (viewer.id, self.circle_id)
        )
        return CircleMembershipNode.from_model(row) if row else None

    @strawberry.field(
        description="Memberships with `status` (ACTIVE by default, oldest first). Other "
        "statuses, such as PENDING requests, are for the circle's moderators."
    )
    async def members(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        status: Annotated[
            MembershipStatus,
            strawberry.argument(description="Memberships in this state (active ones by default)."),
        ] = MembershipStatus.ACTIVE,
    ) -> Connection[CircleMembershipNode]:
        viewer = await info.context.viewer()
        result = await roster.circle_members(
            circle_id=self.circle_id, actor=viewer, status=status, args=page(first, after)
        )
        return to_connection(result, CircleMembershipNode.from_model)

    @strawberry.field(description="The circle's feed: visible posts, newest first.")
    async def posts(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[PostNode]:
        viewer = await info.context.viewer()
        result = await feeds.circle_feed(
            circle_id=self.circle_id,
            viewer_id=viewer.id if viewer else None,
            args=page(first, after),
        )
        return await post_connection(info, result)

    @strawberry.field(description="Pinned announcements, newest first.")
    async def pinned_posts(self, info: Info) -> list[PostNode]:
        rows = await info.context.loaders.get(PinnedPostsByCircleLoader).load(self.circle_id)
        return await post_nodes(info, rows)

    @strawberry.field(description="Route proposals made in the circle, newest first.")
    async def route_proposals(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        status: Annotated[
            ProposalStatus | None,
            strawberry.argument(
                description="Only proposals in this state; every state when omitted."
            ),
        ] = None,
    ) -> Connection[RouteProposalNode]:
        result = await roster.circle_proposals(
            circle_id=self.circle_id,
            status=status,
            args=page(first, after),
        )
        return to_connection(result, RouteProposalNode.from_model)


@strawberry.type(
    name="CircleMembership",
    description="A member's standing in a circle: role and status.",
)
class CircleMembershipNode:
    id: relay.GlobalID = strawberry.field(description="Global ID of the membership.")
    role: MembershipRole = strawberry.field(description="OWNER, MODERATOR or MEMBER.")
    status: MembershipStatus = strawberry.field(description="Where the membership stands.")
    joined_at: datetime | None = strawberry.field(description="When it last became ACTIVE.")
    requested_at: datetime = strawberry.field(description="When the row was first created.")
    circle_id: strawberry.Private[int]
    member_id: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: Membership) -> CircleMembershipNode:
        return cls(
            id=relay.GlobalID("CircleMembership", str(row.id)),
            role=row.role,
            status=row.status,
            joined_at=row.joined_at,
            requested_at=row.created_at,
            circle_id=row.circle_id,
            member_id=row.member_id,
        )

    @strawberry.field(description="The circle.")
    async def circle(self, info: Info) -> CircleNode:
        row = await info.context.loaders.get(CircleByIdLoader).load(self.circle_id)
        assert row is not None
        return CircleNode.from_model(row)

    @strawberry.field(description="The member.")
    async def member(self, info: Info) -> MemberNode | None:
        return (await member_nodes_by_id(info, [self.member_id]))[0]


@strawberry.type(name="CircleInvite", description="An invite code to a circle.")
class CircleInviteType:
    code: str = strawberry.field(description="The code to share (10 characters).")
    max_uses: int = strawberry.field(description="How many members can use it.")
    uses: int = strawberry.field(description="How many have.")
    expires_at: datetime = strawberry.field(description="After this it no longer works.")
    circle_id: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: CircleInvite) -> CircleInviteType:
        return cls(
            code=row.code,
            max_uses=row.max_uses,
            uses=row.uses,
            expires_at=row.expires_at,
            circle_id=row.circle_id,
        )

    @strawberry.field(description="The circle it opens.")
    async def circle(self, info: Info) -> CircleNode:
        row = await info.context.loaders.get(CircleByIdLoader).load(self.circle_id)
        assert row is not None
        return CircleNode.from_model(row)
