"""Interest circles: memberships, invites, posts, comments, reactions, reports and route
proposals."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from models.members import Drivetrain
from models.routes import Terrain

if TYPE_CHECKING:
    from models.members import Member


def _now() -> datetime:
    return datetime.now(UTC)


class CircleKind(StrEnum):
    CITY = "CITY"
    INTEREST = "INTEREST"
    PROFESSION = "PROFESSION"
    FAMILY = "FAMILY"
    OFFICIAL = "OFFICIAL"


class JoinPolicy(StrEnum):
    OPEN = "OPEN"
    APPROVAL = "APPROVAL"
    INVITE = "INVITE"


class Certification(StrEnum):
    NONE = "NONE"
    REQUESTED = "REQUESTED"
    CERTIFIED = "CERTIFIED"
    REJECTED = "REJECTED"


class Circle(Model):
    id = fields.BigIntField(primary_key=True)
    slug = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=64)
    kind = fields.CharEnumField(CircleKind, max_length=10)
    city = fields.CharField(max_length=64, null=True, db_index=True)
    #: Display copy of the tags, ``CircleTag`` rows are what filters use.
    tags: list[str] = fields.JSONField(default=list)  # type: ignore[assignment]
    description = fields.CharField(max_length=2000, default="")
    cover_url = fields.CharField(max_length=500, null=True)
    join_policy = fields.CharEnumField(JoinPolicy, max_length=8, default=JoinPolicy.OPEN)
    certified = fields.BooleanField(default=False)
    certification = fields.CharEnumField(Certification, max_length=10, default=Certification.NONE)
    #: The founder's note on a request, or staff's reason for the decision.
    certification_note = fields.CharField(max_length=500, default="")
    certified_at = fields.DatetimeField(null=True)
    founder: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="founded_circles", null=True, on_delete=fields.SET_NULL
    )
    founder_id: int | None
    #: ACTIVE memberships, changed only together with a membership status change.
    member_count = fields.IntField(default=0)
    post_count = fields.IntField(default=0)
    #: Lower-cased name, slug and tags, searched with a trigram index on PostgreSQL.
    search_text = fields.CharField(max_length=600, default="")
    last_activity_at = fields.DatetimeField(default=_now)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "circles"
        indexes = [("member_count", "id"), ("last_activity_at", "id")]


class CircleTag(Model):
    """One lower-cased tag of a circle (what tag filters and suggestions join on)."""

    id = fields.BigIntField(primary_key=True)
    circle: fields.ForeignKeyRelation[Circle] = fields.ForeignKeyField(
        "models.Circle", related_name="tag_rows", on_delete=fields.CASCADE
    )
    circle_id: int
    tag = fields.CharField(max_length=32)

    class Meta:
        table = "circle_tags"
        unique_together = (("circle", "tag"),)
        indexes = [("tag", "circle_id")]


class MembershipRole(StrEnum):
    OWNER = "OWNER"
    MODERATOR = "MODERATOR"
    MEMBER = "MEMBER"


class MembershipStatus(StrEnum):
    PENDING = "PENDING"
    ACTIVE = "ACTIVE"
    BANNED = "BANNED"
    LEFT = "LEFT"
    REJECTED = "REJECTED"


class Membership(Model):
    """A member's standing in a circle. One row per pair, its status moves over time."""

    id = fields.BigIntField(primary_key=True)
    circle: fields.ForeignKeyRelation[Circle] = fields.ForeignKeyField(
        "models.Circle", related_name="memberships", on_delete=fields.CASCADE
    )
    circle_id: int
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="circle_memberships", on_delete=fields.CASCADE
    )
    member_id: int
    role = fields.CharEnumField(MembershipRole, max_length=10, default=MembershipRole.MEMBER)
    status = fields.CharEnumField(MembershipStatus, max_length=10)
    #: When the membership last became ACTIVE.
    joined_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "circle_memberships"
        unique_together = (("circle", "member"),)
        indexes = [("member_id", "status", "circle_id"), ("circle_id", "status", "id")]


class CircleInvite(Model):
    """An invite code, usable ``max_uses`` times until it expires."""

    id = fields.BigIntField(primary_key=True)
    circle: fields.ForeignKeyRelation[Circle] = fields.ForeignKeyField(
        "models.Circle", related_name="invites", on_delete=fields.CASCADE
    )
    circle_id: int
    code = fields.CharField(max_length=16, unique=True)
    created_by: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="created_invites", on_delete=fields.CASCADE
    )
    created_by_id: int
    #: When set, only this member can use the code.
    invitee: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="received_invites", null=True, on_delete=fields.CASCADE
    )
    invitee_id: int | None
    max_uses = fields.IntField(default=1)
    uses = fields.IntField(default=0)
    expires_at = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "circle_invites"


class PostKind(StrEnum):
    TEXT = "TEXT"
    TRIP_REPORT = "TRIP_REPORT"
    ANNOUNCEMENT = "ANNOUNCEMENT"
    ROUTE_PROPOSAL = "ROUTE_PROPOSAL"


class ContentStatus(StrEnum):
    VISIBLE = "VISIBLE"
    HIDDEN = "HIDDEN"
    DELETED = "DELETED"


class ReactionKind(StrEnum):
    LIKE = "LIKE"
    HELPFUL = "HELPFUL"
    CHEER = "CHEER"


class Post(Model):
    id = fields.BigIntField(primary_key=True)
    circle: fields.ForeignKeyRelation[Circle] = fields.ForeignKeyField(
        "models.Circle", related_name="posts", on_delete=fields.CASCADE
    )
    circle_id: int
    author: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="circle_posts", on_delete=fields.CASCADE
    )
    author_id: int
    kind = fields.CharEnumField(PostKind, max_length=16, default=PostKind.TEXT)
    title = fields.CharField(max_length=120, default="")
    #: Markdown source as written.
    body = fields.TextField()
    #: Safe HTML rendered from ``body`` when it was written.
    body_html = fields.TextField()
    #: Up to nine https image URLs.
    images: list[str] = fields.JSONField(default=list)  # type: ignore[assignment]
    status = fields.CharEnumField(ContentStatus, max_length=8, default=ContentStatus.VISIBLE)
    pinned = fields.BooleanField(default=False)
    comment_count = fields.IntField(default=0)
    like_count = fields.IntField(default=0)
    helpful_count = fields.IntField(default=0)
    cheer_count = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    edited_at = fields.DatetimeField(null=True)

    class Meta:
        table = "circle_posts"
        indexes = [("circle_id", "status", "id"), ("author_id", "id")]


class Comment(Model):
    """A comment on a post, or a reply to a top-level comment (one level deep)."""

    id = fields.BigIntField(primary_key=True)
    post: fields.ForeignKeyRelation[Post] = fields.ForeignKeyField(
        "models.Post", related_name="comments", on_delete=fields.CASCADE
    )
    post_id: int
    author: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="circle_comments", on_delete=fields.CASCADE
    )
    author_id: int
    parent: fields.ForeignKeyNullableRelation[Comment] = fields.ForeignKeyField(
        "models.Comment", related_name="replies", null=True, on_delete=fields.CASCADE
    )
    parent_id: int | None
    body = fields.TextField()
    body_html = fields.TextField()
    status = fields.CharEnumField(ContentStatus, max_length=8, default=ContentStatus.VISIBLE)
    reply_count = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "circle_comments"
        indexes = [("post_id", "parent_id", "id")]


class Reaction(Model):
    """One reaction of a kind by a member on a post (unique per member and kind)."""

    id = fields.BigIntField(primary_key=True)
    post: fields.ForeignKeyRelation[Post] = fields.ForeignKeyField(
        "models.Post", related_name="reactions", on_delete=fields.CASCADE
    )
    post_id: int
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="circle_reactions", on_delete=fields.CASCADE
    )
    member_id: int
    kind = fields.CharEnumField(ReactionKind, max_length=8)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "circle_reactions"
        unique_together = (("post", "member", "kind"),)


class ReportTarget(StrEnum):
    POST = "POST"
    COMMENT = "COMMENT"
    MEMBER = "MEMBER"


class ReportReason(StrEnum):
    SPAM = "SPAM"
    ABUSE = "ABUSE"
    UNSAFE = "UNSAFE"
    MISINFORMATION = "MISINFORMATION"
    OTHER = "OTHER"


class ReportStatus(StrEnum):
    OPEN = "OPEN"
    RESOLVED = "RESOLVED"


class ReportAction(StrEnum):
    HIDE = "HIDE"
    RESTORE = "RESTORE"
    BAN = "BAN"
    DISMISS = "DISMISS"


class Report(Model):
    """A member's report of a post, comment or member of a circle."""

    id = fields.BigIntField(primary_key=True)
    circle: fields.ForeignKeyRelation[Circle] = fields.ForeignKeyField(
        "models.Circle", related_name="reports", on_delete=fields.CASCADE
    )
    circle_id: int
    target = fields.CharEnumField(ReportTarget, max_length=8)
    #: ``POST:12``, ``COMMENT:7`` or ``MEMBER:3``, unique per reporter.
    target_key = fields.CharField(max_length=40)
    post: fields.ForeignKeyNullableRelation[Post] = fields.ForeignKeyField(
        "models.Post", related_name="reports", null=True, on_delete=fields.CASCADE
    )
    post_id: int | None
    comment: fields.ForeignKeyNullableRelation[Comment] = fields.ForeignKeyField(
        "models.Comment", related_name="reports", null=True, on_delete=fields.CASCADE
    )
    comment_id: int | None
    #: The member reported, or the author of the reported content.
    subject: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="reports_against", on_delete=fields.CASCADE
    )
    subject_id: int
    reporter: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="reports_filed", on_delete=fields.CASCADE
    )
    reporter_id: int
    reason = fields.CharEnumField(ReportReason, max_length=16)
    note = fields.CharField(max_length=500, default="")
    status = fields.CharEnumField(ReportStatus, max_length=8, default=ReportStatus.OPEN)
    action = fields.CharEnumField(ReportAction, max_length=8, null=True)
    resolution_note = fields.CharField(max_length=500, default="")
    resolved_by: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="reports_resolved", null=True, on_delete=fields.SET_NULL
    )
    resolved_by_id: int | None
    resolved_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "circle_reports"
        unique_together = (("reporter", "target_key"),)
        indexes = [("circle_id", "status", "id"), ("status", "id"), ("target_key", "status")]


class ProposalStatus(StrEnum):
    OPEN = "OPEN"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"


class RouteProposal(Model):
    """A route a member proposes in a circle, carried by a ROUTE_PROPOSAL post."""

    id = fields.BigIntField(primary_key=True)
    post: fields.OneToOneRelation[Post] = fields.OneToOneField(
        "models.Post", related_name="proposal", on_delete=fields.CASCADE
    )
    post_id: int
    circle: fields.ForeignKeyRelation[Circle] = fields.ForeignKeyField(
        "models.Circle", related_name="route_proposals", on_delete=fields.CASCADE
    )
    circle_id: int
    author: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="route_proposals", on_delete=fields.CASCADE
    )
    author_id: int
    name = fields.CharField(max_length=64)
    region = fields.CharField(max_length=64)
    terrain = fields.CharEnumField(Terrain, max_length=10)
    difficulty = fields.SmallIntField()
    distance_km = fields.FloatField()
    required_drivetrain = fields.CharEnumField(Drivetrain, max_length=3, null=True)
    status = fields.CharEnumField(ProposalStatus, max_length=8, default=ProposalStatus.OPEN)
    up_votes = fields.IntField(default=0)
    down_votes = fields.IntField(default=0)
    decided_by: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="decided_proposals", null=True, on_delete=fields.SET_NULL
    )
    decided_by_id: int | None
    decided_at = fields.DatetimeField(null=True)
    decision_reason = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "route_proposals"
        indexes = [("circle_id", "status", "id")]


class ProposalVote(Model):
    """A member's vote on a proposal: +1 or -1, changeable while the proposal is open."""

    id = fields.BigIntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[RouteProposal] = fields.ForeignKeyField(
        "models.RouteProposal", related_name="votes", on_delete=fields.CASCADE
    )
    proposal_id: int
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="proposal_votes", on_delete=fields.CASCADE
    )
    member_id: int
    value = fields.SmallIntField()
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "proposal_votes"
        unique_together = (("proposal", "member"),)


#: Trigram search and the invariants PostgreSQL enforces beside the services' own SQL.
POSTGRES_DDL: list[str] = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS circles_search_trgm ON circles "
    "USING gin (search_text gin_trgm_ops)",
    "ALTER TABLE circles ADD CONSTRAINT circles_counts_non_negative CHECK "
    "(member_count >= 0 AND post_count >= 0)",
    "CREATE UNIQUE INDEX IF NOT EXISTS circle_memberships_one_owner ON circle_memberships "
    "(circle_id) WHERE role = 'OWNER'",
    "ALTER TABLE circle_invites ADD CONSTRAINT circle_invites_uses_range CHECK "
    "(uses >= 0 AND uses <= max_uses)",
    "ALTER TABLE circle_posts ADD CONSTRAINT circle_posts_counts_non_negative CHECK "
    "(comment_count >= 0 AND like_count >= 0 AND helpful_count >= 0 AND cheer_count >= 0)",
    "ALTER TABLE route_proposals ADD CONSTRAINT route_proposals_difficulty_range CHECK "
    "(difficulty BETWEEN 1 AND 5)",
    "ALTER TABLE proposal_votes ADD CONSTRAINT proposal_votes_value CHECK (value IN (-1, 1))",
]
