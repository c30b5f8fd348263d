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
from schema.core.enums import describe_values
from services.circles.discovery import CircleOrder

strawberry.enum(
    CircleKind,
    name="CircleKind",
    description="What brings a circle together: city, interest, profession, family, or "
    "the brand itself (official).",
)
describe_values(
    CircleKind,
    {
        "CITY": "Members of one city.",
        "INTEREST": "A shared interest (overlanding, photography, camping…).",
        "PROFESSION": "People of one profession.",
        "FAMILY": "Families who travel together.",
        "OFFICIAL": "Run by the brand itself.",
    },
)
strawberry.enum(
    JoinPolicy,
    name="JoinPolicy",
    description="OPEN: anyone joins. APPROVAL: a moderator admits requests. INVITE: by code.",
)
describe_values(
    JoinPolicy,
    {
        "OPEN": "Anyone joins at once.",
        "APPROVAL": "A moderator admits each request.",
        "INVITE": "Only with an invite code.",
    },
)
strawberry.enum(
    Certification,
    name="CircleCertification",
    description="Where a circle stands in staff certification.",
)
describe_values(
    Certification,
    {
        "NONE": "Never submitted for certification.",
        "REQUESTED": "Waiting for staff review.",
        "CERTIFIED": "Certified by staff.",
        "REJECTED": "Staff declined to certify it.",
    },
)
strawberry.enum(MembershipRole, name="CircleRole", description="A member's role in a circle.")
describe_values(
    MembershipRole,
    {
        "OWNER": "Runs the circle; one per circle.",
        "MODERATOR": "Moderates content and admits members.",
        "MEMBER": "An ordinary member.",
    },
)
strawberry.enum(
    MembershipStatus,
    name="MembershipStatus",
    description="PENDING (awaiting approval), ACTIVE, BANNED, LEFT or REJECTED.",
)
describe_values(
    MembershipStatus,
    {
        "PENDING": "Asked to join; awaiting approval.",
        "ACTIVE": "A member now.",
        "BANNED": "Banned by a moderator.",
        "LEFT": "Left the circle.",
        "REJECTED": "A moderator declined the request.",
    },
)
strawberry.enum(
    PostKind,
    name="PostKind",
    description="TEXT, TRIP_REPORT, ANNOUNCEMENT (moderators only), ROUTE_PROPOSAL.",
)
describe_values(
    PostKind,
    {
        "TEXT": "A plain post.",
        "TRIP_REPORT": "An account of a trip.",
        "ANNOUNCEMENT": "An announcement (moderators only).",
        "ROUTE_PROPOSAL": "A route proposed for the circle to vote on.",
    },
)
strawberry.enum(
    ContentStatus,
    name="ContentStatus",
    description="VISIBLE, HIDDEN by a moderator, or DELETED by its author.",
)
describe_values(
    ContentStatus,
    {
        "VISIBLE": "Shown to whoever may see the circle.",
        "HIDDEN": "Hidden by a moderator.",
        "DELETED": "Deleted by its author.",
    },
)
strawberry.enum(ReactionKind, name="ReactionKind", description="Kinds of reaction to a post.")
describe_values(
    ReactionKind,
    {
        "LIKE": "Liked it.",
        "HELPFUL": "Found it helpful.",
        "CHEER": "Cheered it on.",
    },
)
strawberry.enum(ReportTarget, name="ReportTarget", description="What a report is about.")
describe_values(
    ReportTarget,
    {
        "POST": "A post.",
        "COMMENT": "A comment.",
        "MEMBER": "A member.",
    },
)
strawberry.enum(ReportReason, name="ReportReason", description="Why something was reported.")
describe_values(
    ReportReason,
    {
        "SPAM": "Advertising or spam.",
        "ABUSE": "Abusive or harassing.",
        "UNSAFE": "Encourages unsafe driving or behaviour.",
        "MISINFORMATION": "False or misleading.",
        "OTHER": "Another reason (see the note).",
    },
)
strawberry.enum(
    ReportStatus, name="ReportStatus", description="OPEN until a moderator resolves it."
)
describe_values(
    ReportStatus,
    {
        "OPEN": "Waiting for a moderator.",
        "RESOLVED": "Handled by a moderator.",
    },
)
strawberry.enum(
    ReportAction,
    name="ModerationAction",
    description="HIDE or RESTORE the content, BAN its author from the circle (and hide the "
    "content), or DISMISS the report.",
)
describe_values(
    ReportAction,
    {
        "HIDE": "Hide the content.",
        "RESTORE": "Show hidden content again.",
        "BAN": "Ban the author from the circle and hide the content.",
        "DISMISS": "Close the report, changing nothing.",
    },
)
strawberry.enum(
    ProposalStatus, name="ProposalStatus", description="OPEN for votes, ACCEPTED or REJECTED."
)
describe_values(
    ProposalStatus,
    {
        "OPEN": "Open for votes.",
        "ACCEPTED": "Accepted by a moderator: now an official route.",
        "REJECTED": "Rejected by a moderator.",
    },
)
strawberry.enum(
    CircleOrder,
    name="CircleOrder",
    description="MEMBERS (largest first), ACTIVITY (latest post or comment first), NEWEST.",
)
describe_values(
    CircleOrder,
    {
        "MEMBERS": "Largest first.",
        "ACTIVITY": "Latest post or comment first.",
        "NEWEST": "Newest circle first.",
    },
)


@strawberry.enum(name="Vote", description="A vote on a route proposal.")
class Vote(Enum):
    UP = 1
    DOWN = -1


describe_values(
    Vote,
    {
        "UP": "For the proposal.",
        "DOWN": "Against the proposal.",
    },
)


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
