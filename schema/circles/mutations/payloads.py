"""Mutation payloads of the circles domain: the changed object(s) and ``errors``."""

from __future__ import annotations

from typing import Self

import strawberry

from models.circles import Comment, Post, RouteProposal
from models.routes import Route
from schema.circles.comment_types import CommentNode
from schema.circles.post_types import PostNode
from schema.circles.proposal_types import RouteProposalNode
from schema.circles.report_types import ReportNode
from schema.circles.types import CircleInviteType, CircleMembershipNode, CircleNode
from schema.core.payload import Payload
from schema.routes.types import RouteNode


@strawberry.type(description="Result of a change to a circle.")
class CirclePayload(Payload):
    circle: CircleNode | None = strawberry.field(default=None, description="The circle.")


@strawberry.type(description="Result of a change to a membership.")
class MembershipPayload(Payload):
    membership: CircleMembershipNode | None = strawberry.field(
        default=None, description="The membership as it now stands (its circle has the counts)."
    )


@strawberry.type(description="Result of creating an invite.")
class CircleInvitePayload(Payload):
    invite: CircleInviteType | None = strawberry.field(default=None, description="The invite.")


@strawberry.type(description="Result of a change to a post.")
class PostPayload(Payload):
    post: PostNode | None = strawberry.field(default=None, description="The post.")


@strawberry.type(description="Result of adding a comment.")
class CommentPayload(Payload):
    comment: CommentNode | None = strawberry.field(default=None, description="The comment.")


@strawberry.type(description="Result of filing or resolving a report.")
class ReportPayload(Payload):
    report: ReportNode | None = strawberry.field(default=None, description="The report.")


@strawberry.type(description="Result of hiding or restoring content.")
class ModerateContentPayload(Payload):
    post: PostNode | None = strawberry.field(default=None, description="The post, if a post.")
    comment: CommentNode | None = strawberry.field(
        default=None, description="The comment, if a comment."
    )

    @classmethod
    def of(cls, result: Post | Comment) -> Self:
        if isinstance(result, Comment):
            return cls(comment=CommentNode.from_model(result))
        return cls(post=PostNode.from_model(result))


@strawberry.type(description="Result of a change to a route proposal.")
class RouteProposalPayload(Payload):
    proposal: RouteProposalNode | None = strawberry.field(default=None, description="The proposal.")
    route: RouteNode | None = strawberry.field(
        default=None, description="The official route an accepted proposal became."
    )

    @classmethod
    def of(cls, result: RouteProposal | tuple[RouteProposal, Route | None]) -> Self:
        """A proposal, or a decided one with the route it became (None when rejected)."""
        proposal, route = result if isinstance(result, tuple) else (result, None)
        return cls(
            proposal=RouteProposalNode.from_model(proposal),
            route=RouteNode.from_model(route) if route else None,
        )
