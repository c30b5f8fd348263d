"""GraphQL enums of the circles domain.

The model's enums are registered in place (``strawberry.enum`` returns the class it decorates)
and re-exported: annotate with ``schema.circles.enums.CircleKind``, the import runs the
registration before a field uses it."""

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

strawberry.enum(
    CircleKind,
    name="CircleKind",
    description="What brings a circle together: city, interest, profession, family, or "
    "the brand itself (official).",
)
strawberry.enum(
    JoinPolicy,
    name="JoinPolicy",
    description="OPEN: anyone joins. APPROVAL: a moderator admits requests. INVITE: by code.",
)
strawberry.enum(
    Certification,
    name="CircleCertification",
    description="Where a circle stands in staff certification.",
)
strawberry.enum(MembershipRole, name="CircleRole", description="A member's role in a circle.")
strawberry.enum(
    MembershipStatus,
    name="MembershipStatus",
    description="PENDING (awaiting approval), ACTIVE, BANNED, LEFT or REJECTED.",
)
strawberry.enum(
    PostKind,
    name="PostKind",
    description="TEXT, TRIP_REPORT, ANNOUNCEMENT (moderators only), ROUTE_PROPOSAL.",
)
strawberry.enum(
    ContentStatus,
    name="ContentStatus",
    description="VISIBLE, HIDDEN by a moderator, or DELETED by its author.",
)
strawberry.enum(ReactionKind, name="ReactionKind", description="Kinds of reaction to a post.")
strawberry.enum(ReportTarget, name="ReportTarget", description="What a report is about.")
strawberry.enum(ReportReason, name="ReportReason", description="Why something was reported.")
strawberry.enum(
    ReportStatus, name="ReportStatus", description="OPEN until a moderator resolves it."
)
strawberry.enum(
    ReportAction,
    name="ModerationAction",
    description="HIDE or RESTORE the content, BAN its author from the circle (and hide the "
    "content), or DISMISS the report.",
)
strawberry.enum(
    ProposalStatus, name="ProposalStatus", description="OPEN for votes, ACCEPTED or REJECTED."
)
strawberry.enum(
    CircleOrder,
    name="CircleOrder",
    description="MEMBERS (largest first), ACTIVITY (latest post or comment first), NEWEST.",
)


@strawberry.enum(name="Vote", description="A vote on a route proposal.")
class Vote(Enum):
    UP = 1
    DOWN = -1


__all__ = [
    "Certification",
    "CircleKind",
    "CircleOrder",
    "ContentStatus",
    "JoinPolicy",
    "MembershipRole",
    "MembershipStatus",
    "PostKind",
    "ProposalStatus",
    "ReactionKind",
    "ReportAction",
    "ReportReason",
    "ReportStatus",
    "ReportTarget",
    "Vote",
]
