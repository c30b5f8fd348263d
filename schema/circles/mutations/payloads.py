"""Mutation payloads of the circles domain: the changed object(s) and ``errors``."""

from __future__ import annotations

import strawberry

from schema.circles.post_types import CommentNode, PostNode
from schema.circles.proposal_types import RouteProposalNode
from schema.circles.report_types import ReportNode
from schema.circles.types import CircleInviteType, CircleMembershipNode, CircleNode
from schema.core.context import Info
from schema.core.errors import UserError, user_errors
from schema.routes.types import RouteNode
from services.errors import DomainError


def failed(error: DomainError, info: Info) -> list[UserError]:
    return user_errors(error, info.context.locale)


@strawberry.type(description="Result of a change to a circle.")
class CirclePayload:
    circle: CircleNode | None = strawberry.field(default=None, description="The circle.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="Failures.")


@strawberry.type(description="Result of a change to a membership.")
class MembershipPayload:
    membership: CircleMembershipNode | None = strawberry.field(
        default=None, description="The membership as it now stands (its circle has the counts)."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="Failures.")


@strawberry.type(description="Result of creating an invite.")
class CircleInvitePayload:
    invite: CircleInviteType | None = strawberry.field(default=None, description="The invite.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="Failures.")


@strawberry.type(description="Result of a change to a post.")
class PostPayload:
    post: PostNode | None = strawberry.field(default=None, description="The post.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="Failures.")


@strawberry.type(description="Result of adding a comment.")
class CommentPayload:
    comment: CommentNode | None = strawberry.field(default=None, description="The comment.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="Failures.")


@strawberry.type(description="Result of filing or resolving a report.")
class ReportPayload:
    report: ReportNode | None = strawberry.field(default=None, description="The report.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="Failures.")


@strawberry.type(description="Result of hiding or restoring content.")
class ModerateContentPayload:
    post: PostNode | None = strawberry.field(default=None, description="The post, if a post.")
    comment: CommentNode | None = strawberry.field(
        default=None, description="The comment, if a comment."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="Failures.")


@strawberry.type(description="Result of a change to a route proposal.")
class RouteProposalPayload:
    proposal: RouteProposalNode | None = strawberry.field(default=None, description="The proposal.")
    route: RouteNode | None = strawberry.field(
        default=None, description="The official route an accepted proposal became."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="Failures.")

