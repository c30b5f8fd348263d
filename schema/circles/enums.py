"""GraphQL enums of the circles domain."""

from __future__ import annotations

from enum import Enum

import strawberry

from models.circles import (
    Certification,
    CircleKind,
    ContentStatus,
    JoinPolicy,
    MembershipRole,
    MembershipStatus,
    PostKind,
    ProposalStatus,
    ReactionKind,
    ReportAction,
    ReportReason,
    ReportStatus,
    ReportTarget,
)
from services.circles.discovery import CircleOrder

CircleKindEnum = strawberry.enum(
    CircleKind,
    name="CircleKind",
    description="What brings a circle together: city, interest, profession, family, or "
    "the brand itself (official).",
)
JoinPolicyEnum = strawberry.enum(
    JoinPolicy,
    name="JoinPolicy",
    description="OPEN: anyone joins. APPROVAL: a moderator admits requests. INVITE: by code.",
)
CertificationEnum = strawberry.enum(
    Certification,
    name="CircleCertification",
    description="Where a circle stands in staff certification.",
)
MembershipRoleEnum = strawberry.enum(
    MembershipRole, name="CircleRole", description="A member's role in a circle."
)
MembershipStatusEnum = strawberry.enum(
    MembershipStatus,
    name="MembershipStatus",
    description="PENDING (awaiting approval), ACTIVE, BANNED, LEFT or REJECTED.",
)
PostKindEnum = strawberry.enum(
    PostKind,
    name="PostKind",
    description="TEXT, TRIP_REPORT, ANNOUNCEMENT (moderators only), ROUTE_PROPOSAL.",
)
ContentStatusEnum = strawberry.enum(
    ContentStatus,
    name="ContentStatus",
    description="VISIBLE, HIDDEN by a moderator, or DELETED by its author.",
)
ReactionKindEnum = strawberry.enum(
    ReactionKind, name="ReactionKind", description="Kinds of reaction to a post."
)
ReportTargetEnum = strawberry.enum(
    ReportTarget, name="ReportTarget", description="What a report is about."
)
ReportReasonEnum = strawberry.enum(
    ReportReason, name="ReportReason", description="Why something was reported."
)
ReportStatusEnum = strawberry.enum(
    ReportStatus, name="ReportStatus", description="OPEN until a moderator resolves it."
)
ReportActionEnum = strawberry.enum(
    ReportAction,
    name="ModerationAction",
    description="HIDE or RESTORE the content, BAN its author from the circle (and hide the "
    "content), or DISMISS the report.",
)
ProposalStatusEnum = strawberry.enum(
    ProposalStatus, name="ProposalStatus", description="OPEN for votes, ACCEPTED or REJECTED."
)
CircleOrderEnum = strawberry.enum(
    CircleOrder,
    name="CircleOrder",
    description="MEMBERS (largest first), ACTIVITY (latest post or comment first), NEWEST.",
)


@strawberry.enum(name="Vote", description="A vote on a route proposal.")
class Vote(Enum):
    UP = 1
    DOWN = -1
