import functools
from datetime import UTC, datetime
from enum import StrEnum
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


# The enums and the ``last_activity_at`` default as they stood when this migration was
# written. Copies, not imports: a later change to a model must not change what this describes.
class CapPeriod(StrEnum):
    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"


class Certification(StrEnum):
    NONE = "NONE"
    REQUESTED = "REQUESTED"
    CERTIFIED = "CERTIFIED"
    REJECTED = "REJECTED"


class CircleKind(StrEnum):
    CITY = "CITY"
    INTEREST = "INTEREST"
    PROFESSION = "PROFESSION"
    FAMILY = "FAMILY"
    OFFICIAL = "OFFICIAL"


class ContentStatus(StrEnum):
    VISIBLE = "VISIBLE"
    HIDDEN = "HIDDEN"
    DELETED = "DELETED"


class CouponStatus(StrEnum):
    ISSUED = "ISSUED"
    USED = "USED"


class Drivetrain(StrEnum):
    AWD = "AWD"
    FOUR_WD = "4WD"
    TWO_WD = "2WD"


class EntryKind(StrEnum):
    EARN = "EARN"
    REDEEM = "REDEEM"
    HOLD = "HOLD"
    RELEASE = "RELEASE"
    CAPTURE = "CAPTURE"
    EXPIRE = "EXPIRE"
    REVERSE = "REVERSE"
    ADJUST = "ADJUST"


class HoldStatus(StrEnum):
    HELD = "HELD"
    CAPTURED = "CAPTURED"
    RELEASED = "RELEASED"


class JoinPolicy(StrEnum):
    OPEN = "OPEN"
    APPROVAL = "APPROVAL"
    INVITE = "INVITE"


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


class PostKind(StrEnum):
    TEXT = "TEXT"
    TRIP_REPORT = "TRIP_REPORT"
    ANNOUNCEMENT = "ANNOUNCEMENT"
    ROUTE_PROPOSAL = "ROUTE_PROPOSAL"


class ProposalStatus(StrEnum):
    OPEN = "OPEN"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"


class ReactionKind(StrEnum):
    LIKE = "LIKE"
    HELPFUL = "HELPFUL"
    CHEER = "CHEER"


class ReportAction(StrEnum):
    HIDE = "HIDE"
    RESTORE = "RESTORE"
    BAN = "BAN"
    DISMISS = "DISMISS"


class ReportReason(StrEnum):
    SPAM = "SPAM"
    ABUSE = "ABUSE"
    UNSAFE = "UNSAFE"
    MISINFORMATION = "MISINFORMATION"
    OTHER = "OTHER"


class ReportStatus(StrEnum):
    OPEN = "OPEN"
    RESOLVED = "RESOLVED"


class ReportTarget(StrEnum):
    POST = "POST"
    COMMENT = "COMMENT"
    MEMBER = "MEMBER"


class RewardKind(StrEnum):
    WASH = "WASH"
    SERVICE_BOOKING = "SERVICE_BOOKING"
    MERCHANDISE = "MERCHANDISE"
    EVENT_TICKET = "EVENT_TICKET"
    MARKETPLACE_DISCOUNT = "MARKETPLACE_DISCOUNT"


class Terrain(StrEnum):
    DESERT = "DESERT"
    MOUNTAIN = "MOUNTAIN"
    FOREST = "FOREST"
    SNOW = "SNOW"
    MUD = "MUD"
    ROCK = "ROCK"
    BEACH = "BEACH"


def _now() -> datetime:
    return datetime.now(UTC)


class Migration(migrations.Migration):
    dependencies = [("models", "0001_initial")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Circle",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("slug", fields.CharField(unique=True, max_length=64)),
                ("name", fields.CharField(max_length=64)),
                (
                    "kind",
                    fields.CharEnumField(
                        description="CITY: CITY\nINTEREST: INTEREST\nPROFESSION: PROFESSION\nFAMILY: FAMILY\nOFFICIAL: OFFICIAL",
                        enum_type=CircleKind,
                        max_length=10,
                    ),
                ),
                ("city", fields.CharField(null=True, db_index=True, max_length=64)),
                (
                    "tags",
                    fields.JSONField(
                        default=list,
                        description="Display copy of the tags, ``CircleTag`` rows are what filters use.",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("description", fields.CharField(default="", max_length=2000)),
                ("cover_url", fields.CharField(null=True, max_length=500)),
                (
                    "join_policy",
                    fields.CharEnumField(
                        default=JoinPolicy.OPEN,
                        description="OPEN: OPEN\nAPPROVAL: APPROVAL\nINVITE: INVITE",
                        enum_type=JoinPolicy,
                        max_length=8,
                    ),
                ),
                ("certified", fields.BooleanField(default=False)),
                (
                    "certification",
                    fields.CharEnumField(
                        default=Certification.NONE,
                        description="NONE: NONE\nREQUESTED: REQUESTED\nCERTIFIED: CERTIFIED\nREJECTED: REJECTED",
                        enum_type=Certification,
                        max_length=10,
                    ),
                ),
                (
                    "certification_note",
                    fields.CharField(
                        default="",
                        description="The founder's note on a request, or staff's reason for the decision.",
                        max_length=500,
                    ),
                ),
                (
                    "certified_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "founder",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="founder_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="founded_circles",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "member_count",
                    fields.IntField(
                        default=0,
                        description="ACTIVE memberships, changed only together with a membership status change.",
                    ),
                ),
                ("post_count", fields.IntField(default=0)),
                (
                    "search_text",
                    fields.CharField(
                        default="",
                        description="Lower-cased name, slug and tags, searched with a trigram index on PostgreSQL.",
                        max_length=600,
                    ),
                ),
                (
                    "last_activity_at",
                    fields.DatetimeField(default=_now, auto_now=False, auto_now_add=False),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "circles",
                "app": "models",
                "indexes": [
                    Index(fields=["member_count", "id"]),
                    Index(fields=["last_activity_at", "id"]),
                ],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CircleInvite",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "circle",
                    fields.ForeignKeyField(
                        "models.Circle",
                        source_field="circle_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="invites",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("code", fields.CharField(unique=True, max_length=16)),
                (
                    "created_by",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="created_by_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="created_invites",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "invitee",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="invitee_id",
                        null=True,
                        description="When set, only this member can use the code.",
                        db_constraint=True,
                        to_field="id",
                        related_name="received_invites",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("max_uses", fields.IntField(default=1)),
                ("uses", fields.IntField(default=0)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "circle_invites",
                "app": "models",
                "pk_attr": "id",
                "table_description": "An invite code, usable ``max_uses`` times until it expires.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CircleTag",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "circle",
                    fields.ForeignKeyField(
                        "models.Circle",
                        source_field="circle_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="tag_rows",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("tag", fields.CharField(max_length=32)),
            ],
            options={
                "table": "circle_tags",
                "app": "models",
                "unique_together": (("circle", "tag"),),
                "indexes": [Index(fields=["tag", "circle_id"])],
                "pk_attr": "id",
                "table_description": "One lower-cased tag of a circle (what tag filters and suggestions join on).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ContributionEntry",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "member",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="member_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="contribution_entries",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("amount", fields.BigIntField()),
                ("reason", fields.CharField(max_length=40)),
                ("source_ref", fields.CharField(null=True, max_length=128)),
                ("actor_id", fields.BigIntField(null=True)),
                ("idempotency_key", fields.CharField(unique=True, max_length=200)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "contribution_entries",
                "app": "models",
                "indexes": [Index(fields=["member_id", "id"])],
                "pk_attr": "id",
                "table_description": "One change of the non-spendable contribution score.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ContributionScore",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "member",
                    fields.OneToOneField(
                        "models.Member",
                        source_field="member_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="contribution_score",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("score", fields.BigIntField(default=0)),
            ],
            options={"table": "contribution_scores", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="DealerStaff",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "member",
                    fields.OneToOneField(
                        "models.Member",
                        source_field="member_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="dealer_staff",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("dealer_code", fields.CharField(max_length=32)),
            ],
            options={
                "table": "dealer_staff",
                "app": "models",
                "pk_attr": "id",
                "table_description": "Which dealer a member with the dealer role works for (scopes coupon verification).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="EarnCounter",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("member_id", fields.BigIntField()),
                ("reason", fields.CharField(max_length=40)),
                (
                    "period",
                    fields.CharField(
                        description="Local period key such as ``2026-11-23``, ``2026-W47`` or ``2026-11``.",
                        max_length=10,
                    ),
                ),
                ("count", fields.IntField(default=0)),
            ],
            options={
                "table": "earn_counters",
                "app": "models",
                "unique_together": (("member_id", "reason", "period"),),
                "pk_attr": "id",
                "table_description": "Earns of one reason by one member in one period, the row that enforces the cap.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="EarningRule",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("reason", fields.CharField(unique=True, max_length=40)),
                ("name_zh", fields.CharField(max_length=64)),
                ("name_en", fields.CharField(max_length=64)),
                ("base_points", fields.IntField()),
                (
                    "cap_count",
                    fields.IntField(
                        null=True,
                        description="At most this many earns per member per ``cap_period`` (NULL for no cap).",
                    ),
                ),
                (
                    "cap_period",
                    fields.CharEnumField(
                        null=True,
                        description="DAY: DAY\nWEEK: WEEK\nMONTH: MONTH",
                        enum_type=CapPeriod,
                        max_length=5,
                    ),
                ),
                (
                    "active_from",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "active_until",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "tier_multiplier",
                    fields.BooleanField(
                        default=True,
                        description="Whether the member's tier earn multiplier applies.",
                    ),
                ),
                ("enabled", fields.BooleanField(default=True)),
            ],
            options={
                "table": "earning_rules",
                "app": "models",
                "pk_attr": "id",
                "table_description": "How many points a reason earns, how often, and when the rule applies.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="IdempotencyRecord",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("key", fields.CharField(unique=True, max_length=200)),
                (
                    "request_hash",
                    fields.CharField(
                        description="SHA-256 of the operation name and its canonical arguments.",
                        max_length=64,
                    ),
                ),
                (
                    "result",
                    fields.JSONField(
                        null=True,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "idempotency_records",
                "app": "models",
                "pk_attr": "id",
                "table_description": "The first outcome of a keyed request, replayed to retries with the same arguments.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="LedgerEntry",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "member",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="member_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="ledger_entries",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="EARN: EARN\nREDEEM: REDEEM\nHOLD: HOLD\nRELEASE: RELEASE\nCAPTURE: CAPTURE\nEXPIRE: EXPIRE\nREVERSE: REVERSE\nADJUST: ADJUST",
                        enum_type=EntryKind,
                        max_length=8,
                    ),
                ),
                (
                    "reason",
                    fields.CharField(
                        description="Reason code such as ``DAILY_CHECKIN``, ``EVENT_COMPLETED`` or ``MANUAL``.",
                        max_length=40,
                    ),
                ),
                (
                    "amount",
                    fields.BigIntField(
                        description="Change of the spendable balance (negative for debits and holds)."
                    ),
                ),
                (
                    "held_delta",
                    fields.BigIntField(
                        default=0,
                        description="Change of the held amount (HOLD adds, CAPTURE and RELEASE take away).",
                    ),
                ),
                (
                    "remaining",
                    fields.BigIntField(
                        null=True,
                        description="Points of this lot not yet spent or expired (NULL for entries that are not lots).",
                    ),
                ),
                ("expires_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "qualifies",
                    fields.BooleanField(
                        default=False,
                        description="Counts towards tier qualifying points (earned points and their reversals).",
                    ),
                ),
                (
                    "source_ref",
                    fields.CharField(
                        null=True,
                        db_index=True,
                        description="What caused the entry, e.g. ``event:12`` or ``reward:3``.",
                        max_length=128,
                    ),
                ),
                (
                    "actor_id",
                    fields.BigIntField(
                        null=True, description="The member who acted (NULL for the system)."
                    ),
                ),
                ("idempotency_key", fields.CharField(unique=True, max_length=200)),
                (
                    "note",
                    fields.CharField(
                        null=True,
                        description="Staff's free-text reason for adjustments and grants.",
                        max_length=500,
                    ),
                ),
                (
                    "reverses_id",
                    fields.BigIntField(null=True, description="The entry this one reverses."),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "ledger_entries",
                "app": "models",
                "indexes": [
                    Index(fields=["member_id", "id"]),
                    Index(fields=["member_id", "expires_at"]),
                    Index(fields=["expires_at"]),
                ],
                "pk_attr": "id",
                "table_description": "One immutable change of a member's points. A credit is also a lot: it carries",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="MemberTier",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "member",
                    fields.OneToOneField(
                        "models.Member",
                        source_field="member_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="tier_state",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("tier_key", fields.CharField(max_length=16)),
                ("rank", fields.SmallIntField()),
                ("since", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "below_since",
                    fields.DatetimeField(
                        null=True,
                        description="When qualifying points first fell below the current tier (the grace period start).",
                        auto_now=False,
                        auto_now_add=False,
                    ),
                ),
            ],
            options={
                "table": "member_tiers",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A member's current tier (no row means STANDARD).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "circle",
                    fields.ForeignKeyField(
                        "models.Circle",
                        source_field="circle_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="memberships",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "member",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="member_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="circle_memberships",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "role",
                    fields.CharEnumField(
                        default=MembershipRole.MEMBER,
                        description="OWNER: OWNER\nMODERATOR: MODERATOR\nMEMBER: MEMBER",
                        enum_type=MembershipRole,
                        max_length=10,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        description="PENDING: PENDING\nACTIVE: ACTIVE\nBANNED: BANNED\nLEFT: LEFT\nREJECTED: REJECTED",
                        enum_type=MembershipStatus,
                        max_length=10,
                    ),
                ),
                (
                    "joined_at",
                    fields.DatetimeField(
                        null=True,
                        description="When the membership last became ACTIVE.",
                        auto_now=False,
                        auto_now_add=False,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "circle_memberships",
                "app": "models",
                "unique_together": (("circle", "member"),),
                "indexes": [
                    Index(fields=["member_id", "status", "circle_id"]),
                    Index(fields=["circle_id", "status", "id"]),
                ],
                "pk_attr": "id",
                "table_description": "A member's standing in a circle. One row per pair, its status moves over time.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PointsAccount",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "member",
                    fields.OneToOneField(
                        "models.Member",
                        source_field="member_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="points_account",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "balance",
                    fields.BigIntField(
                        default=0, description="Spendable points (sum of entry amounts)."
                    ),
                ),
                (
                    "held",
                    fields.BigIntField(
                        default=0,
                        description="Points reserved by open holds (sum of entry held deltas).",
                    ),
                ),
                (
                    "lifetime_earned",
                    fields.BigIntField(
                        default=0,
                        description="Every point ever earned (EARN entries), never decreases.",
                    ),
                ),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "points_accounts",
                "app": "models",
                "pk_attr": "id",
                "table_description": "Cached totals of one member's ledger (the ledger is the truth, the consistency job",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PointsHold",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "member",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="member_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="points_holds",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("amount", fields.BigIntField()),
                (
                    "status",
                    fields.CharEnumField(
                        default=HoldStatus.HELD,
                        description="HELD: HELD\nCAPTURED: CAPTURED\nRELEASED: RELEASED",
                        enum_type=HoldStatus,
                        max_length=8,
                    ),
                ),
                ("reason", fields.CharField(max_length=40)),
                ("source_ref", fields.CharField(null=True, max_length=128)),
                ("idempotency_key", fields.CharField(unique=True, max_length=200)),
                ("hold_entry_id", fields.BigIntField()),
                (
                    "settle_entry_id",
                    fields.BigIntField(
                        null=True, description="The CAPTURE or RELEASE entry once settled."
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("settled_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "points_holds",
                "app": "models",
                "indexes": [Index(fields=["member_id", "status"])],
                "pk_attr": "id",
                "table_description": "Points reserved for a pending payment, later captured (spent) or released.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Post",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "circle",
                    fields.ForeignKeyField(
                        "models.Circle",
                        source_field="circle_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="posts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "author",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="author_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="circle_posts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        default=PostKind.TEXT,
                        description="TEXT: TEXT\nTRIP_REPORT: TRIP_REPORT\nANNOUNCEMENT: ANNOUNCEMENT\nROUTE_PROPOSAL: ROUTE_PROPOSAL",
                        enum_type=PostKind,
                        max_length=16,
                    ),
                ),
                ("title", fields.CharField(default="", max_length=120)),
                ("body", fields.TextField(description="Markdown source as written.", unique=False)),
                (
                    "body_html",
                    fields.TextField(
                        description="Safe HTML rendered from ``body`` when it was written.",
                        unique=False,
                    ),
                ),
                (
                    "images",
                    fields.JSONField(
                        default=list,
                        description="Up to nine https image URLs.",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=ContentStatus.VISIBLE,
                        description="VISIBLE: VISIBLE\nHIDDEN: HIDDEN\nDELETED: DELETED",
                        enum_type=ContentStatus,
                        max_length=8,
                    ),
                ),
                ("pinned", fields.BooleanField(default=False)),
                ("comment_count", fields.IntField(default=0)),
                ("like_count", fields.IntField(default=0)),
                ("helpful_count", fields.IntField(default=0)),
                ("cheer_count", fields.IntField(default=0)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("edited_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "circle_posts",
                "app": "models",
                "indexes": [
                    Index(fields=["circle_id", "status", "id"]),
                    Index(fields=["author_id", "id"]),
                ],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Comment",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "post",
                    fields.ForeignKeyField(
                        "models.Post",
                        source_field="post_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="comments",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "author",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="author_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="circle_comments",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "parent",
                    fields.ForeignKeyField(
                        "models.Comment",
                        source_field="parent_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="replies",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("body", fields.TextField(unique=False)),
                ("body_html", fields.TextField(unique=False)),
                (
                    "status",
                    fields.CharEnumField(
                        default=ContentStatus.VISIBLE,
                        description="VISIBLE: VISIBLE\nHIDDEN: HIDDEN\nDELETED: DELETED",
                        enum_type=ContentStatus,
                        max_length=8,
                    ),
                ),
                ("reply_count", fields.IntField(default=0)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "circle_comments",
                "app": "models",
                "indexes": [Index(fields=["post_id", "parent_id", "id"])],
                "pk_attr": "id",
                "table_description": "A comment on a post, or a reply to a top-level comment (one level deep).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Reaction",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "post",
                    fields.ForeignKeyField(
                        "models.Post",
                        source_field="post_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reactions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "member",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="member_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="circle_reactions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="LIKE: LIKE\nHELPFUL: HELPFUL\nCHEER: CHEER",
                        enum_type=ReactionKind,
                        max_length=8,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "circle_reactions",
                "app": "models",
                "unique_together": (("post", "member", "kind"),),
                "pk_attr": "id",
                "table_description": "One reaction of a kind by a member on a post (unique per member and kind).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Report",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "circle",
                    fields.ForeignKeyField(
                        "models.Circle",
                        source_field="circle_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reports",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "target",
                    fields.CharEnumField(
                        description="POST: POST\nCOMMENT: COMMENT\nMEMBER: MEMBER",
                        enum_type=ReportTarget,
                        max_length=8,
                    ),
                ),
                (
                    "target_key",
                    fields.CharField(
                        description="``POST:12``, ``COMMENT:7`` or ``MEMBER:3``, unique per reporter.",
                        max_length=40,
                    ),
                ),
                (
                    "post",
                    fields.ForeignKeyField(
                        "models.Post",
                        source_field="post_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="reports",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "comment",
                    fields.ForeignKeyField(
                        "models.Comment",
                        source_field="comment_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="reports",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "subject",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="subject_id",
                        description="The member reported, or the author of the reported content.",
                        db_constraint=True,
                        to_field="id",
                        related_name="reports_against",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "reporter",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="reporter_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reports_filed",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "reason",
                    fields.CharEnumField(
                        description="SPAM: SPAM\nABUSE: ABUSE\nUNSAFE: UNSAFE\nMISINFORMATION: MISINFORMATION\nOTHER: OTHER",
                        enum_type=ReportReason,
                        max_length=16,
                    ),
                ),
                ("note", fields.CharField(default="", max_length=500)),
                (
                    "status",
                    fields.CharEnumField(
                        default=ReportStatus.OPEN,
                        description="OPEN: OPEN\nRESOLVED: RESOLVED",
                        enum_type=ReportStatus,
                        max_length=8,
                    ),
                ),
                (
                    "action",
                    fields.CharEnumField(
                        null=True,
                        description="HIDE: HIDE\nRESTORE: RESTORE\nBAN: BAN\nDISMISS: DISMISS",
                        enum_type=ReportAction,
                        max_length=8,
                    ),
                ),
                ("resolution_note", fields.CharField(default="", max_length=500)),
                (
                    "resolved_by",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="resolved_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="reports_resolved",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "resolved_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "circle_reports",
                "app": "models",
                "unique_together": (("reporter", "target_key"),),
                "indexes": [
                    Index(fields=["circle_id", "status", "id"]),
                    Index(fields=["status", "id"]),
                    Index(fields=["target_key", "status"]),
                ],
                "pk_attr": "id",
                "table_description": "A member's report of a post, comment or member of a circle.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Reward",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="WASH: WASH\nSERVICE_BOOKING: SERVICE_BOOKING\nMERCHANDISE: MERCHANDISE\nEVENT_TICKET: EVENT_TICKET\nMARKETPLACE_DISCOUNT: MARKETPLACE_DISCOUNT",
                        enum_type=RewardKind,
                        max_length=20,
                    ),
                ),
                ("name_zh", fields.CharField(max_length=100)),
                ("name_en", fields.CharField(max_length=100)),
                ("description_zh", fields.CharField(default="", max_length=500)),
                ("description_en", fields.CharField(default="", max_length=500)),
                ("points_price", fields.BigIntField()),
                (
                    "stock",
                    fields.IntField(
                        null=True, description="Coupons left to issue (NULL for unlimited)."
                    ),
                ),
                (
                    "per_member_limit",
                    fields.IntField(
                        null=True,
                        description="Coupons one member may hold of this reward in total (NULL for no limit).",
                    ),
                ),
                ("min_tier_rank", fields.SmallIntField(default=0)),
                ("valid_from", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "valid_until",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "coupon_days",
                    fields.IntField(default=90, description="Days an issued coupon stays usable."),
                ),
                (
                    "dealer_code",
                    fields.CharField(
                        null=True,
                        description="Only staff of this dealer may verify its coupons (NULL for any dealer).",
                        max_length=32,
                    ),
                ),
                ("active", fields.BooleanField(default=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "rewards",
                "app": "models",
                "indexes": [Index(fields=["points_price", "id"])],
                "pk_attr": "id",
                "table_description": "A catalog item members redeem points for.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Coupon",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "code",
                    fields.CharField(
                        unique=True,
                        description="Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L).",
                        max_length=16,
                    ),
                ),
                (
                    "reward",
                    fields.ForeignKeyField(
                        "models.Reward",
                        source_field="reward_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="coupons",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "member",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="member_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="coupons",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=CouponStatus.ISSUED,
                        description="ISSUED: ISSUED\nUSED: USED",
                        enum_type=CouponStatus,
                        max_length=8,
                    ),
                ),
                ("points_spent", fields.BigIntField()),
                ("ledger_entry_id", fields.BigIntField()),
                ("dealer_code", fields.CharField(null=True, max_length=32)),
                ("issued_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("used_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "verified_by_id",
                    fields.BigIntField(
                        null=True, description="The dealer staff member who verified it."
                    ),
                ),
            ],
            options={
                "table": "coupons",
                "app": "models",
                "indexes": [Index(fields=["member_id", "id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RewardClaim",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("member_id", fields.BigIntField()),
                ("reward_id", fields.BigIntField()),
                ("count", fields.IntField(default=0)),
            ],
            options={
                "table": "reward_claims",
                "app": "models",
                "unique_together": (("member_id", "reward_id"),),
                "pk_attr": "id",
                "table_description": "How many coupons of a reward a member was issued, the row that enforces the limit.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RouteProposal",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "post",
                    fields.OneToOneField(
                        "models.Post",
                        source_field="post_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="proposal",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "circle",
                    fields.ForeignKeyField(
                        "models.Circle",
                        source_field="circle_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="route_proposals",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "author",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="author_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="route_proposals",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=64)),
                ("region", fields.CharField(max_length=64)),
                (
                    "terrain",
                    fields.CharEnumField(
                        description="DESERT: DESERT\nMOUNTAIN: MOUNTAIN\nFOREST: FOREST\nSNOW: SNOW\nMUD: MUD\nROCK: ROCK\nBEACH: BEACH",
                        enum_type=Terrain,
                        max_length=10,
                    ),
                ),
                ("difficulty", fields.SmallIntField()),
                ("distance_km", fields.FloatField()),
                (
                    "required_drivetrain",
                    fields.CharEnumField(
                        null=True,
                        description="AWD: AWD\nFOUR_WD: 4WD\nTWO_WD: 2WD",
                        enum_type=Drivetrain,
                        max_length=3,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=ProposalStatus.OPEN,
                        description="OPEN: OPEN\nACCEPTED: ACCEPTED\nREJECTED: REJECTED",
                        enum_type=ProposalStatus,
                        max_length=8,
                    ),
                ),
                ("up_votes", fields.IntField(default=0)),
                ("down_votes", fields.IntField(default=0)),
                (
                    "decided_by",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="decided_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="decided_proposals",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("decided_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("decision_reason", fields.CharField(default="", max_length=500)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "route_proposals",
                "app": "models",
                "indexes": [Index(fields=["circle_id", "status", "id"])],
                "pk_attr": "id",
                "table_description": "A route a member proposes in a circle, carried by a ROUTE_PROPOSAL post.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ProposalVote",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "proposal",
                    fields.ForeignKeyField(
                        "models.RouteProposal",
                        source_field="proposal_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="votes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "member",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="member_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="proposal_votes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("value", fields.SmallIntField()),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "proposal_votes",
                "app": "models",
                "unique_together": (("proposal", "member"),),
                "pk_attr": "id",
                "table_description": "A member's vote on a proposal: +1 or -1, changeable while the proposal is open.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Route",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("name", fields.CharField(max_length=64)),
                ("name_en", fields.CharField(default="", max_length=64)),
                (
                    "region",
                    fields.CharField(
                        description="Where the route lies, e.g. 内蒙古阿拉善.", max_length=64
                    ),
                ),
                (
                    "terrain",
                    fields.CharEnumField(
                        description="DESERT: DESERT\nMOUNTAIN: MOUNTAIN\nFOREST: FOREST\nSNOW: SNOW\nMUD: MUD\nROCK: ROCK\nBEACH: BEACH",
                        enum_type=Terrain,
                        max_length=10,
                    ),
                ),
                ("difficulty", fields.SmallIntField(description="1 (gentle) to 5 (experts only).")),
                ("distance_km", fields.FloatField()),
                (
                    "required_drivetrain",
                    fields.CharEnumField(
                        null=True,
                        description="AWD: AWD\nFOUR_WD: 4WD\nTWO_WD: 2WD",
                        enum_type=Drivetrain,
                        max_length=3,
                    ),
                ),
                ("description", fields.TextField(default="", unique=False)),
                (
                    "source_proposal",
                    fields.OneToOneField(
                        "models.RouteProposal",
                        source_field="source_proposal_id",
                        null=True,
                        description="The member proposal this route came from, unique so a proposal yields one route.",
                        db_constraint=True,
                        to_field="id",
                        related_name="route",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "created_by",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="created_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="created_routes",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "routes",
                "app": "models",
                "indexes": [Index(fields=["terrain", "difficulty"])],
                "pk_attr": "id",
                "table_description": "An official route, created by staff or from an accepted member proposal.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Tier",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("key", fields.CharField(unique=True, max_length=16)),
                (
                    "rank",
                    fields.SmallIntField(
                        unique=True, description="0 for STANDARD, higher is better."
                    ),
                ),
                ("name_zh", fields.CharField(max_length=32)),
                ("name_en", fields.CharField(max_length=32)),
                ("threshold", fields.BigIntField()),
                (
                    "earn_multiplier_pct",
                    fields.IntField(
                        default=100,
                        description="Earn multiplier in percent (150 means 1.5 points per base point).",
                    ),
                ),
                ("early_signup_hours", fields.IntField(default=0)),
                ("marketplace_discount_pct", fields.IntField(default=0)),
                ("free_services_per_quarter", fields.IntField(default=0)),
            ],
            options={
                "table": "tiers",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A tier and its benefits, by qualifying points earned in a rolling 12 months.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="TierChange",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "member",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="member_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="tier_changes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("from_key", fields.CharField(max_length=16)),
                ("to_key", fields.CharField(max_length=16)),
                ("qualifying_points", fields.BigIntField()),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "tier_history",
                "app": "models",
                "indexes": [Index(fields=["member_id", "id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Account",
            name="is_demo",
            field=fields.BooleanField(
                default=False,
                description="Loaded by the demo fixtures, refused at sign-in in production mode.",
            ),
        ),
        ops.AddField(
            model_name="DataExport",
            name="pending_member_id",
            field=fields.BigIntField(
                null=True,
                unique=True,
                description="The member's id while the export is pending and NULL afterwards. Unique, so a member has",
            ),
        ),
        ops.AddIndex(
            model_name="DataExport",
            index=Index(fields=["member_id", "id"]),
        ),
        ops.AlterModelOptions(
            name="Notification",
            options={
                "table": "notifications",
                "app": "models",
                "indexes": [Index(fields=["member_id", "id"])],
                "pk_attr": "id",
                "table_description": "A notice for one member, listed newest first and marked read by them.",
            },
        ),
        ops.AlterField(
            model_name="OutboxEvent",
            name="attempts",
            field=fields.IntField(
                default=0, description="How many times the event was handed to the broker."
            ),
        ),
        ops.AlterField(
            model_name="OutboxEvent",
            name="dispatched_at",
            field=fields.DatetimeField(
                null=True,
                description="Set when a dispatcher last handed the event to the broker.",
                auto_now=False,
                auto_now_add=False,
            ),
        ),
        ops.AddField(
            model_name="OutboxEvent",
            name="last_error",
            field=fields.TextField(
                null=True,
                description="What the consumer raised the last time it failed on this event.",
                unique=False,
            ),
        ),
        ops.AddField(
            model_name="OutboxEvent",
            name="processed_at",
            field=fields.DatetimeField(
                null=True,
                description="Set in the transaction in which its consumer applied the event.",
                auto_now=False,
                auto_now_add=False,
            ),
        ),
        ops.AddIndex(
            model_name="OutboxEvent",
            index=Index(fields=["processed_at", "dispatched_at"]),
        ),
        ops.AlterField(
            model_name="ProcessedMessage",
            name="processed_at",
            field=fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True),
        ),
        ops.AlterField(
            model_name="ScheduledRun",
            name="claimed_at",
            field=fields.DatetimeField(
                description="When the run was (last) handed to the broker.",
                auto_now=False,
                auto_now_add=True,
            ),
        ),
        ops.AddField(
            model_name="ScheduledRun",
            name="finished_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name="ScheduledRun",
            name="started_at",
            field=fields.DatetimeField(
                null=True,
                description="Set by the one worker that starts the run, duplicates of the message see it and skip.",
                auto_now=False,
                auto_now_add=False,
            ),
        ),
        ops.AddIndex(
            model_name="Vehicle",
            index=Index(fields=["owner_id", "id"]),
        ),
        ops.AlterField(
            model_name="VehicleModel",
            name="body",
            field=fields.CharField(
                default="SUV", description="``SUV`` or ``PICKUP``.", max_length=16
            ),
        ),
        ops.AddField(
            model_name="VehicleModel",
            name="brand_zh",
            field=fields.CharField(
                default="",
                description="The brand as written in Chinese (福特, 坦克, 北京越野).",
                max_length=64,
            ),
        ),
    ]
