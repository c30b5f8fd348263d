import functools
from enum import StrEnum
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


# The enums as they stood when this migration was written. Copies, not imports: a later
# change to a model's enum must not change what this migration describes.
class AssistanceIssue(StrEnum):
    STUCK = "STUCK"
    BREAKDOWN = "BREAKDOWN"
    MEDICAL = "MEDICAL"
    OTHER = "OTHER"


class AssistanceStatus(StrEnum):
    OPEN = "OPEN"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    RESOLVED = "RESOLVED"


class BadgeGroup(StrEnum):
    ROUTES = "ROUTES"
    EVENTS = "EVENTS"
    COMMUNITY = "COMMUNITY"
    LOYALTY = "LOYALTY"
    MARKETPLACE = "MARKETPLACE"
    SEASON = "SEASON"


class BadgeTier(StrEnum):
    BRONZE = "BRONZE"
    SILVER = "SILVER"
    GOLD = "GOLD"


class Drivetrain(StrEnum):
    AWD = "AWD"
    FOUR_WD = "4WD"
    TWO_WD = "2WD"


class EventStatus(StrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    CANCELLED = "CANCELLED"
    COMPLETED = "COMPLETED"


class Metric(StrEnum):
    POINTS_EARNED = "POINTS_EARNED"
    EVENTS_COMPLETED = "EVENTS_COMPLETED"
    CONTRIBUTION = "CONTRIBUTION"


class OrganizerRole(StrEnum):
    ORGANIZER = "ORGANIZER"
    CO_ORGANIZER = "CO_ORGANIZER"
    CREW = "CREW"


class Period(StrEnum):
    WEEK = "WEEK"
    MONTH = "MONTH"
    SEASON = "SEASON"
    ALL_TIME = "ALL_TIME"


class RegistrationStatus(StrEnum):
    CONFIRMED = "CONFIRMED"
    WAITLISTED = "WAITLISTED"
    OFFERED = "OFFERED"
    CANCELLED = "CANCELLED"
    CHECKED_IN = "CHECKED_IN"
    COMPLETED = "COMPLETED"
    NO_SHOW = "NO_SHOW"


class Scope(StrEnum):
    GLOBAL = "GLOBAL"
    CIRCLE = "CIRCLE"
    CITY = "CITY"


class SeasonCloseStatus(StrEnum):
    CLOSING = "CLOSING"
    CLOSED = "CLOSED"


class Migration(migrations.Migration):
    dependencies = [("models", "0004_sqlite_unique_keys")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Badge",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("key", fields.CharField(unique=True, max_length=64)),
                ("name_zh", fields.CharField(max_length=64)),
                ("name_en", fields.CharField(max_length=64)),
                ("description_zh", fields.CharField(default="", max_length=500)),
                ("description_en", fields.CharField(default="", max_length=500)),
                ("icon_url", fields.CharField(null=True, max_length=500)),
                (
                    "tier",
                    fields.CharEnumField(
                        default=BadgeTier.BRONZE,
                        description="BRONZE: BRONZE\nSILVER: SILVER\nGOLD: GOLD",
                        enum_type=BadgeTier,
                        max_length=6,
                    ),
                ),
                (
                    "group",
                    fields.CharEnumField(
                        description="ROUTES: ROUTES\nEVENTS: EVENTS\nCOMMUNITY: COMMUNITY\nLOYALTY: LOYALTY\nMARKETPLACE: MARKETPLACE\nSEASON: SEASON",
                        enum_type=BadgeGroup,
                        max_length=12,
                    ),
                ),
                ("repeatable", fields.BooleanField(default=False)),
                ("enabled", fields.BooleanField(default=False)),
                (
                    "criterion",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "version",
                    fields.IntField(
                        default=1,
                        description="Bumped on every edit, each version's definition is kept in ``badge_versions``.",
                    ),
                ),
                (
                    "holder_count",
                    fields.IntField(
                        default=0,
                        description="Members (not deleted) holding it, kept by the award engine after each run.",
                    ),
                ),
                (
                    "holder_pct",
                    fields.FloatField(
                        default=0.0,
                        description="``holder_count`` as a percentage of all members whose account is not deleted.",
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "badges",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A badge definition. ``criterion`` is a document of the criterion vocabulary",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="BadgeCursor",
            fields=[
                (
                    "name",
                    fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64),
                ),
                ("position", fields.BigIntField(default=0)),
            ],
            options={
                "table": "badge_cursors",
                "app": "models",
                "pk_attr": "name",
                "table_description": "Where a paged pass of the engine resumes (the last id it saw), so rows that keep",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="BadgeSweepRequest",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "badge_keys",
                    fields.JSONField(
                        null=True,
                        description="The badges to sweep, NULL sweeps every enabled badge.",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "topic",
                    fields.CharField(
                        description="The outbox topic that asked for it.", max_length=64
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "claimed_until",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("done_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "badge_sweep_requests",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A sweep over all members asked for by an outbox event (a badge enabled, a staff",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="BadgeTouch",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("member_id", fields.BigIntField(db_index=True)),
                (
                    "topic",
                    fields.CharField(
                        description="The outbox topic that touched the member.", max_length=64
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "badge_touches",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A member whose activity may have earned a badge (recorded by the outbox consumers). The",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="BadgeVersion",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "badge",
                    fields.ForeignKeyField(
                        "models.Badge",
                        source_field="badge_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="versions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("version", fields.IntField()),
                (
                    "definition",
                    fields.JSONField(
                        description="Every editable field of the badge as it was in this version.",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "edited_by_id",
                    fields.BigIntField(
                        null=True,
                        description="The staff member who wrote this version (NULL for seeds and the system).",
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "badge_versions",
                "app": "models",
                "unique_together": (("badge", "version"),),
                "pk_attr": "id",
                "table_description": "One version of a badge's definition, written with it, so any past award can be traced",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Event",
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
                        related_name="events",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "route",
                    fields.ForeignKeyField(
                        "models.Route",
                        source_field="route_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="events",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("title", fields.CharField(max_length=80)),
                ("description", fields.TextField(default="", unique=False)),
                (
                    "status",
                    fields.CharEnumField(
                        default=EventStatus.DRAFT,
                        description="DRAFT: DRAFT\nPUBLISHED: PUBLISHED\nCANCELLED: CANCELLED\nCOMPLETED: COMPLETED",
                        enum_type=EventStatus,
                        max_length=10,
                    ),
                ),
                (
                    "time_zone",
                    fields.CharField(
                        default="Asia/Shanghai",
                        description="IANA time zone the event is held in, e.g. Asia/Shanghai, times below are UTC instants.",
                        max_length=64,
                    ),
                ),
                (
                    "starts_at",
                    fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False),
                ),
                ("ends_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("meeting_city", fields.CharField(db_index=True, max_length=64)),
                ("capacity", fields.IntField(description="Vehicle slots.")),
                (
                    "seats_taken",
                    fields.IntField(
                        default=0,
                        description="Registrations holding a seat (CONFIRMED, OFFERED, CHECKED_IN, COMPLETED), moved only by",
                    ),
                ),
                (
                    "waitlist_length",
                    fields.IntField(default=0, description="Registrations WAITLISTED now."),
                ),
                (
                    "waitlist_seq",
                    fields.IntField(
                        default=0,
                        description="Last waitlist sequence number handed out, so positions follow sign-up order.",
                    ),
                ),
                ("signup_opens_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("signup_closes_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "cancel_deadline",
                    fields.DatetimeField(
                        description="Cancelling after this keeps (captures) the fee.",
                        auto_now=False,
                        auto_now_add=False,
                    ),
                ),
                (
                    "fee_points",
                    fields.IntField(
                        default=0,
                        description="Points held at sign-up, captured at check-in, 0 for a free event.",
                    ),
                ),
                (
                    "offer_window_hours",
                    fields.IntField(
                        default=48, description="How long a waitlist offer stays open."
                    ),
                ),
                (
                    "min_tier",
                    fields.CharField(
                        null=True,
                        description="Requirements: tier code (STANDARD, SILVER, GOLD, DIAMOND), badge keys, drivetrain, and a",
                        max_length=16,
                    ),
                ),
                (
                    "required_badges",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "required_drivetrain",
                    fields.CharEnumField(
                        null=True,
                        description="AWD: AWD\nFOUR_WD: 4WD\nTWO_WD: 2WD",
                        enum_type=Drivetrain,
                        max_length=3,
                    ),
                ),
                ("inspection_within_days", fields.IntField(null=True)),
                (
                    "created_by",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="created_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="created_events",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "published_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "cancelled_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("cancel_reason", fields.CharField(default="", max_length=500)),
                (
                    "completed_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "events",
                "app": "models",
                "indexes": [
                    Index(fields=["status", "starts_at"]),
                    Index(fields=["circle_id", "starts_at"]),
                ],
                "pk_attr": "id",
                "table_description": "An event in a circle, run on a catalog route.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AssistanceRequest",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "event",
                    fields.ForeignKeyField(
                        "models.Event",
                        source_field="event_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="assistance_requests",
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
                        related_name="assistance_requests",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "issue",
                    fields.CharEnumField(
                        description="STUCK: STUCK\nBREAKDOWN: BREAKDOWN\nMEDICAL: MEDICAL\nOTHER: OTHER",
                        enum_type=AssistanceIssue,
                        max_length=10,
                    ),
                ),
                (
                    "location",
                    fields.CharField(
                        description='Free text ("K23 past the second dune"), never coordinates.',
                        max_length=200,
                    ),
                ),
                ("details", fields.CharField(default="", max_length=1000)),
                (
                    "status",
                    fields.CharEnumField(
                        default=AssistanceStatus.OPEN,
                        description="OPEN: OPEN\nACKNOWLEDGED: ACKNOWLEDGED\nRESOLVED: RESOLVED",
                        enum_type=AssistanceStatus,
                        max_length=12,
                    ),
                ),
                (
                    "acknowledged_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("acknowledged_by_id", fields.BigIntField(null=True)),
                (
                    "resolved_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("resolved_by_id", fields.BigIntField(null=True)),
                ("resolution", fields.CharField(default="", max_length=1000)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "assistance_requests",
                "app": "models",
                "indexes": [Index(fields=["event_id", "status"])],
                "pk_attr": "id",
                "table_description": "A participant's call for help during an event, answered by the crew.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="EventOrganizer",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "event",
                    fields.ForeignKeyField(
                        "models.Event",
                        source_field="event_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="organizers",
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
                        related_name="organized_events",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "role",
                    fields.CharEnumField(
                        default=OrganizerRole.ORGANIZER,
                        description="ORGANIZER: ORGANIZER\nCO_ORGANIZER: CO_ORGANIZER\nCREW: CREW",
                        enum_type=OrganizerRole,
                        max_length=12,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "event_organizers",
                "app": "models",
                "unique_together": (("event", "member"),),
                "pk_attr": "id",
                "table_description": "A member designated to run an event (circle owners and moderators may too).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="EventReminder",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("registration_id", fields.BigIntField()),
                ("kind", fields.CharField(description="``24H`` or ``2H``.", max_length=8)),
                ("sent_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "event_reminders",
                "app": "models",
                "unique_together": (("registration_id", "kind"),),
                "pk_attr": "id",
                "table_description": "Marks one reminder sent for one registration, so a rerun of the job sends nothing.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Inspection",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "vehicle",
                    fields.ForeignKeyField(
                        "models.Vehicle",
                        source_field="vehicle_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="inspections",
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
                        related_name="inspections",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "inspector_account_id",
                    fields.BigIntField(
                        null=True, description="Account of the dealer staff who recorded it."
                    ),
                ),
                ("dealer_code", fields.CharField(null=True, max_length=32)),
                ("passed", fields.BooleanField()),
                (
                    "checklist",
                    fields.JSONField(
                        default=dict,
                        description="Checklist item key to result (true passed).",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("notes", fields.CharField(default="", max_length=2000)),
                ("inspected_on", fields.DateField()),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "vehicle_inspections",
                "app": "models",
                "indexes": [Index(fields=["vehicle_id", "inspected_on"])],
                "pk_attr": "id",
                "table_description": "A pre-trip inspection of a vehicle recorded by a dealer.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="LeaderboardSnapshot",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "metric",
                    fields.CharEnumField(
                        description="POINTS_EARNED: POINTS_EARNED\nEVENTS_COMPLETED: EVENTS_COMPLETED\nCONTRIBUTION: CONTRIBUTION",
                        enum_type=Metric,
                        max_length=16,
                    ),
                ),
                (
                    "scope",
                    fields.CharEnumField(
                        description="GLOBAL: GLOBAL\nCIRCLE: CIRCLE\nCITY: CITY",
                        enum_type=Scope,
                        max_length=8,
                    ),
                ),
                (
                    "scope_id",
                    fields.CharField(
                        default="",
                        description="'' for GLOBAL, the circle id as text for CIRCLE, the city name for CITY.",
                        max_length=64,
                    ),
                ),
                (
                    "period",
                    fields.CharEnumField(
                        description="WEEK: WEEK\nMONTH: MONTH\nSEASON: SEASON\nALL_TIME: ALL_TIME",
                        enum_type=Period,
                        max_length=8,
                    ),
                ),
                (
                    "period_key",
                    fields.CharField(
                        description="Which week, month or season: ``2026-W48``, ``2026-11``, ``2026Q4`` or ``all``.",
                        max_length=16,
                    ),
                ),
                ("member_id", fields.BigIntField()),
                (
                    "rank",
                    fields.IntField(
                        description="Dense rank (ties share a rank, the next score gets the next integer)."
                    ),
                ),
                ("score", fields.BigIntField()),
                ("final", fields.BooleanField(default=False)),
                ("taken_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "leaderboard_snapshots",
                "app": "models",
                "indexes": [
                    Index(
                        fields=[
                            "metric",
                            "scope",
                            "scope_id",
                            "period",
                            "period_key",
                            "taken_at",
                            "member_id",
                        ]
                    ),
                    Index(fields=["period", "final", "rank"]),
                    Index(fields=["taken_at"]),
                ],
                "pk_attr": "id",
                "table_description": "One member's rank on one board at one moment. ``final`` rows are a closed season's",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="MemberBadge",
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
                        related_name="badges",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "badge",
                    fields.ForeignKeyField(
                        "models.Badge",
                        source_field="badge_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="awards",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("occurrence", fields.IntField(default=1)),
                ("awarded_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "source_ref",
                    fields.CharField(
                        null=True,
                        description="The definition that granted it, e.g. ``v3``.",
                        max_length=128,
                    ),
                ),
                (
                    "earned_at",
                    fields.DatetimeField(
                        null=True,
                        description="Set once the member was notified and earned the BADGE_AWARDED points, NULL rows are",
                        auto_now=False,
                        auto_now_add=False,
                    ),
                ),
            ],
            options={
                "table": "member_badges",
                "app": "models",
                "unique_together": (("member", "badge", "occurrence"),),
                "indexes": [
                    Index(fields=["member_id", "awarded_at"]),
                    Index(fields=["badge_id", "awarded_at"]),
                ],
                "pk_attr": "id",
                "table_description": "An award of a badge to a member. One-time badges have ``occurrence`` 1, a repeatable",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Registration",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "event",
                    fields.ForeignKeyField(
                        "models.Event",
                        source_field="event_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="registrations",
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
                        related_name="registrations",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "vehicle",
                    fields.ForeignKeyField(
                        "models.Vehicle",
                        source_field="vehicle_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="registrations",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("passengers", fields.SmallIntField(default=0)),
                (
                    "status",
                    fields.CharEnumField(
                        description="CONFIRMED: CONFIRMED\nWAITLISTED: WAITLISTED\nOFFERED: OFFERED\nCANCELLED: CANCELLED\nCHECKED_IN: CHECKED_IN\nCOMPLETED: COMPLETED\nNO_SHOW: NO_SHOW",
                        enum_type=RegistrationStatus,
                        max_length=10,
                    ),
                ),
                (
                    "waitlist_seq",
                    fields.IntField(
                        null=True, description="Order on the waitlist, NULL once off it."
                    ),
                ),
                (
                    "fee_hold_key",
                    fields.CharField(
                        null=True,
                        description="Loyalty hold reference for the fee, NULL for free events.",
                        max_length=128,
                    ),
                ),
                (
                    "checkin_nonce",
                    fields.CharField(
                        description="Random part of the signed check-in code, replaced when a code must stop working.",
                        max_length=32,
                    ),
                ),
                ("offered_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "offer_expires_at",
                    fields.DatetimeField(
                        null=True, db_index=True, auto_now=False, auto_now_add=False
                    ),
                ),
                (
                    "confirmed_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "checked_in_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "completed_at",
                    fields.DatetimeField(
                        null=True, db_index=True, auto_now=False, auto_now_add=False
                    ),
                ),
                (
                    "cancelled_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "event_registrations",
                "app": "models",
                "indexes": [
                    Index(fields=["event_id", "status"]),
                    Index(fields=["member_id", "status"]),
                ],
                "pk_attr": "id",
                "table_description": "A member's sign-up for an event with one vehicle.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="EventFeedback",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "registration",
                    fields.OneToOneField(
                        "models.Registration",
                        source_field="registration_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="feedback",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "event",
                    fields.ForeignKeyField(
                        "models.Event",
                        source_field="event_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="feedback",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("rating", fields.SmallIntField()),
                ("nps", fields.SmallIntField()),
                ("comment", fields.CharField(default="", max_length=2000)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "event_feedback",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A participant's feedback after completing an event, one per registration.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SeasonClose",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "season_key",
                    fields.CharField(
                        unique=True, description="The quarter, e.g. ``2026Q3``.", max_length=8
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        description="CLOSING: CLOSING\nCLOSED: CLOSED",
                        enum_type=SeasonCloseStatus,
                        max_length=8,
                    ),
                ),
                ("claimed_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("closed_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "summary",
                    fields.JSONField(
                        null=True,
                        description="Counts of what closing did (final rows, awards), for the job history.",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
            ],
            options={
                "table": "season_closes",
                "app": "models",
                "pk_attr": "id",
                "table_description": "The claim of closing one season: the unique ``season_key`` lets one closer in, a stale",
            },
            bases=["Model"],
        ),
    ]
