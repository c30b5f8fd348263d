import functools
from enum import StrEnum
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


# The enums as they stood when this migration was written. Copies, not imports: a later
# change to a model's enum must not change what this migration describes.
class AccountStatus(StrEnum):
    ACTIVE = "ACTIVE"
    DELETED = "DELETED"


class Drivetrain(StrEnum):
    AWD = "AWD"
    FOUR_WD = "4WD"
    TWO_WD = "2WD"


class ExportStatus(StrEnum):
    PENDING = "PENDING"
    READY = "READY"
    FAILED = "FAILED"


class Visibility(StrEnum):
    PUBLIC = "PUBLIC"
    MEMBERS = "MEMBERS"
    CIRCLES = "CIRCLES"


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="Account",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "email",
                    fields.CharField(
                        null=True,
                        unique=True,
                        description="Lower-cased, NULL when the account signed up with a mobile number or was deleted.",
                        max_length=254,
                    ),
                ),
                (
                    "mobile",
                    fields.CharField(
                        null=True,
                        unique=True,
                        description="E.164 form (``+8613800138000``).",
                        max_length=20,
                    ),
                ),
                ("password_hash", fields.CharField(max_length=255)),
                (
                    "roles",
                    fields.JSONField(
                        default=list,
                        description="Staff roles held (subset of ``StaffRole``), empty for ordinary members.",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=AccountStatus.ACTIVE,
                        description="ACTIVE: ACTIVE\nDELETED: DELETED",
                        enum_type=AccountStatus,
                        max_length=10,
                    ),
                ),
                (
                    "token_version",
                    fields.IntField(
                        default=0,
                        description="Bumped on password change and deletion, access tokens carry it and die with it.",
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "accounts", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AuditLog",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "actor_id",
                    fields.BigIntField(
                        null=True,
                        db_index=True,
                        description="The staff member's id (NULL for ``system``).",
                    ),
                ),
                ("action", fields.CharField(max_length=64)),
                (
                    "subject_member_id",
                    fields.BigIntField(
                        null=True,
                        db_index=True,
                        description="The member whose data was read or changed.",
                    ),
                ),
                (
                    "detail",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("request_id", fields.CharField(null=True, max_length=64)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "audit_log", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="JobRun",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("task", fields.CharField(db_index=True, max_length=64)),
                ("started_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("duration_ms", fields.IntField(default=0)),
                ("ok", fields.BooleanField(default=True)),
                (
                    "summary",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
            ],
            options={
                "table": "job_runs",
                "app": "models",
                "pk_attr": "id",
                "table_description": "History of job executions (what ran, how long, what it did).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Member",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "account",
                    fields.OneToOneField(
                        "models.Account",
                        source_field="account_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="member",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("handle", fields.CharField(max_length=32)),
                (
                    "handle_key",
                    fields.CharField(
                        unique=True,
                        description="Lower-cased handle, the unique key that makes handles case-insensitive.",
                        max_length=32,
                    ),
                ),
                ("display_name", fields.CharField(max_length=64)),
                ("avatar_url", fields.CharField(null=True, max_length=500)),
                ("city", fields.CharField(null=True, db_index=True, max_length=64)),
                ("bio", fields.CharField(default="", max_length=500)),
                ("locale", fields.CharField(default="zh-CN", max_length=8)),
                (
                    "visibility",
                    fields.CharEnumField(
                        default=Visibility.MEMBERS,
                        description="PUBLIC: PUBLIC\nMEMBERS: MEMBERS\nCIRCLES: CIRCLES",
                        enum_type=Visibility,
                        max_length=8,
                    ),
                ),
                ("show_garage", fields.BooleanField(default=True)),
                ("show_badges", fields.BooleanField(default=True)),
                (
                    "deleted_at",
                    fields.DatetimeField(
                        null=True,
                        description="Set when the account was deleted, the row stays so history keeps its references.",
                        auto_now=False,
                        auto_now_add=False,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "members", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="DataExport",
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
                        related_name="exports",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=ExportStatus.PENDING,
                        description="PENDING: PENDING\nREADY: READY\nFAILED: FAILED",
                        enum_type=ExportStatus,
                        max_length=8,
                    ),
                ),
                (
                    "document",
                    fields.JSONField(
                        null=True,
                        description="The JSON document once built (kept in the database so any API process can serve it).",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("requested_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "completed_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "data_exports",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A member's request for a copy of everything held about them.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Notification",
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
                        related_name="notifications",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "kind",
                    fields.CharField(
                        description="Machine-readable kind (``TIER_CHANGED``, ``WAITLIST_OFFER``, ``DATA_EXPORT_READY``, …).",
                        max_length=40,
                    ),
                ),
                (
                    "payload",
                    fields.JSONField(
                        default=dict,
                        description="Kind-specific data the client renders (ids, amounts, names).",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("read", fields.BooleanField(default=False)),
                (
                    "dedupe_key",
                    fields.CharField(
                        null=True,
                        unique=True,
                        description="Producer-chosen key that makes sending the same notice twice a no-op.",
                        max_length=128,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "notifications",
                "app": "models",
                "indexes": [Index(fields=["member_id", "id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="OutboxEvent",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "topic",
                    fields.CharField(
                        description="Dotted name such as ``member.deletion_requested``.",
                        max_length=64,
                    ),
                ),
                (
                    "payload",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "dispatched_at",
                    fields.DatetimeField(
                        null=True,
                        description="Set once a dispatcher handed the event to the broker.",
                        auto_now=False,
                        auto_now_add=False,
                    ),
                ),
                ("attempts", fields.IntField(default=0)),
            ],
            options={
                "table": "outbox_events",
                "app": "models",
                "indexes": [Index(fields=["dispatched_at", "id"])],
                "pk_attr": "id",
                "table_description": "A domain event written in the same transaction as the change it describes.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ProcessedMessage",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("consumer", fields.CharField(max_length=64)),
                ("event_id", fields.BigIntField()),
                ("processed_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "processed_messages",
                "app": "models",
                "unique_together": (("consumer", "event_id"),),
                "pk_attr": "id",
                "table_description": "Consumer-side idempotency: a handler records each event id it has applied.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RefreshToken",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "account",
                    fields.ForeignKeyField(
                        "models.Account",
                        source_field="account_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="refresh_tokens",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("family", fields.UUIDField(db_index=True)),
                (
                    "token_hash",
                    fields.CharField(
                        unique=True,
                        description="SHA-256 of the opaque token, the token itself is never stored.",
                        max_length=64,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "rotated_at",
                    fields.DatetimeField(
                        null=True,
                        description="Set when this token was exchanged for its successor.",
                        auto_now=False,
                        auto_now_add=False,
                    ),
                ),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "refresh_tokens",
                "app": "models",
                "pk_attr": "id",
                "table_description": "One issued refresh token. Tokens of one sign-in form a family, and reuse of a rotated one",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ScheduledRun",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("task", fields.CharField(max_length=64)),
                (
                    "period",
                    fields.CharField(
                        description="Period identifier, e.g. ``2026-11-23`` for a daily task or ``2026-11-23T10:05`` per minute.",
                        max_length=32,
                    ),
                ),
                ("claimed_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "scheduled_runs",
                "app": "models",
                "unique_together": (("task", "period"),),
                "pk_attr": "id",
                "table_description": "Claims one run of a periodic task for one period, and the unique key makes a second",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="VehicleModel",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "key",
                    fields.CharField(
                        unique=True,
                        description="Stable key such as ``ford-bronco-2021``.",
                        max_length=64,
                    ),
                ),
                ("brand", fields.CharField(max_length=64)),
                ("name", fields.CharField(max_length=64)),
                ("name_zh", fields.CharField(max_length=64)),
                (
                    "drivetrain",
                    fields.CharEnumField(
                        description="AWD: AWD\nFOUR_WD: 4WD\nTWO_WD: 2WD",
                        enum_type=Drivetrain,
                        max_length=3,
                    ),
                ),
                ("body", fields.CharField(default="SUV", max_length=16)),
            ],
            options={
                "table": "vehicle_models",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A catalog entry: a real model members can pick for their garage.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Vehicle",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "owner",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="owner_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="vehicles",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "model",
                    fields.ForeignKeyField(
                        "models.VehicleModel",
                        source_field="model_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="vehicles",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("year", fields.SmallIntField()),
                ("nickname", fields.CharField(default="", max_length=32)),
                (
                    "plate",
                    fields.CharField(
                        null=True, description="Shown to the owner only.", max_length=16
                    ),
                ),
                (
                    "vin_hash",
                    fields.CharField(
                        null=True,
                        unique=True,
                        description="HMAC-SHA256 of the VIN under ``VIN_HASH_KEY``, the VIN itself is never stored.",
                        max_length=64,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "vehicles", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
    ]
