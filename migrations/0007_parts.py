"""Verified parts: catalog, issuer keys, units, provenance events and clone reviews."""

import functools
from enum import StrEnum
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from ._dialect import dialect_sql


# The enums as they stood when this migration was written. Copies, not imports: a later
# change to a model's enum must not change what this migration describes.
class ActorKind(StrEnum):
    ISSUER = "ISSUER"
    DEALER = "DEALER"
    MEMBER = "MEMBER"
    STAFF = "STAFF"
    SYSTEM = "SYSTEM"


class CloneSignal(StrEnum):
    CLAIM_CODE_REUSED = "CLAIM_CODE_REUSED"
    NOT_CUSTODIAN = "NOT_CUSTODIAN"
    TWO_CITIES = "TWO_CITIES"


class CustodyKind(StrEnum):
    ISSUER = "ISSUER"
    DEALER = "DEALER"
    MEMBER = "MEMBER"


class EventKind(StrEnum):
    COMMISSIONED = "COMMISSIONED"
    SHIPPED_TO_DEALER = "SHIPPED_TO_DEALER"
    SOLD = "SOLD"
    CLAIMED = "CLAIMED"
    INSTALLED = "INSTALLED"
    REMOVED = "REMOVED"
    INSPECTED = "INSPECTED"
    LISTED = "LISTED"
    TRANSFERRED = "TRANSFERRED"
    RECALLED = "RECALLED"
    REPORTED = "REPORTED"
    CORRECTION = "CORRECTION"


class PartCategory(StrEnum):
    RECOVERY = "RECOVERY"
    DRIVETRAIN = "DRIVETRAIN"
    SUSPENSION = "SUSPENSION"
    TYRES = "TYRES"
    PROTECTION = "PROTECTION"
    INTAKE = "INTAKE"
    CAMPING = "CAMPING"
    LIGHTING = "LIGHTING"


class ReviewStatus(StrEnum):
    OPEN = "OPEN"
    CONFIRMED = "CONFIRMED"
    CLEARED = "CLEARED"


class UnitStatus(StrEnum):
    ACTIVE = "ACTIVE"
    RECALLED = "RECALLED"
    BLOCKED = "BLOCKED"


# The statements as they were applied.
POSTGRES = [
    "ALTER TABLE provenance_events ADD CONSTRAINT provenance_events_seq_positive CHECK (seq >= 1)",
    "ALTER TABLE part_units ADD CONSTRAINT part_units_head_seq_nonnegative CHECK (head_seq >= 0)",
]


class Migration(migrations.Migration):
    dependencies = [("models", "0006_event_badge_ranking_constraints")]

    initial = False

    operations = [
        ops.CreateModel(
            name="IssuerKey",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "key_id",
                    fields.CharField(
                        unique=True,
                        description="Public key id printed on labels, e.g. ``k1a2b3c4d``.",
                        max_length=32,
                    ),
                ),
                (
                    "issuer",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="issuer_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="issuer_keys",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "public_key",
                    fields.CharField(
                        description="Raw 32-byte public key, base64url without padding.",
                        max_length=64,
                    ),
                ),
                (
                    "sealed_private_key",
                    fields.TextField(
                        description="The private key sealed with AES-GCM under ``PART_KEY_ENCRYPTION_KEY``, never plain.",
                        unique=False,
                    ),
                ),
                (
                    "active_issuer_id",
                    fields.BigIntField(
                        null=True,
                        unique=True,
                        description="The issuer's id while this is their signing key, NULL once rotated: unique, so an",
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("retired_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "revoked_from",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "issuer_keys",
                "app": "models",
                "pk_attr": "id",
                "table_description": "An issuer's Ed25519 signing key. Rotation retires it (its signatures stay valid),",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PartCapability",
            fields=[
                (
                    "key",
                    fields.CharField(primary_key=True, unique=True, db_index=True, max_length=32),
                ),
                ("name_zh", fields.CharField(max_length=64)),
                ("name_en", fields.CharField(max_length=64)),
            ],
            options={
                "table": "part_capabilities",
                "app": "models",
                "pk_attr": "key",
                "table_description": "A capability tag as data (``WINCH``, ``LOCKER``, …), matched by events' equipment",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PartModel",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "issuer",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="issuer_id",
                        description="The member whose account holds the issuer role and owns this entry.",
                        db_constraint=True,
                        to_field="id",
                        related_name="part_models",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("maker", fields.CharField(max_length=64)),
                ("part_number", fields.CharField(max_length=64)),
                ("name_zh", fields.CharField(max_length=128)),
                ("name_en", fields.CharField(max_length=128)),
                (
                    "category",
                    fields.CharEnumField(
                        description="RECOVERY: RECOVERY\nDRIVETRAIN: DRIVETRAIN\nSUSPENSION: SUSPENSION\nTYRES: TYRES\nPROTECTION: PROTECTION\nINTAKE: INTAKE\nCAMPING: CAMPING\nLIGHTING: LIGHTING",
                        enum_type=PartCategory,
                        max_length=16,
                    ),
                ),
                (
                    "capability_tags",
                    fields.JSONField(
                        default=list,
                        description="Keys of ``PartCapability`` rows.",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "units_commissioned",
                    fields.IntField(
                        default=0,
                        description="Units commissioned so far: a batch reserves its serials by raising it in one update.",
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "part_models",
                "app": "models",
                "unique_together": (("issuer_id", "part_number"),),
                "pk_attr": "id",
                "table_description": "A part an issuer makes or certifies, e.g. a 12,000 lb winch of one maker.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PartFitment",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "part_model",
                    fields.ForeignKeyField(
                        "models.PartModel",
                        source_field="part_model_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="fitments",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "vehicle_model",
                    fields.ForeignKeyField(
                        "models.VehicleModel",
                        source_field="vehicle_model_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="part_fitments",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
            ],
            options={
                "table": "part_fitments",
                "app": "models",
                "unique_together": (("part_model_id", "vehicle_model_id"),),
                "pk_attr": "id",
                "table_description": "A vehicle model a part model fits.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PartUnit",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "part_model",
                    fields.ForeignKeyField(
                        "models.PartModel",
                        source_field="part_model_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="units",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "issuer",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="issuer_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="issued_units",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "signing_key",
                    fields.ForeignKeyField(
                        "models.IssuerKey",
                        source_field="signing_key_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="units",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("serial", fields.CharField(max_length=32)),
                (
                    "code",
                    fields.CharField(
                        unique=True,
                        description="The short public code in the label's QR (``/v/<code>``).",
                        max_length=32,
                    ),
                ),
                (
                    "signature",
                    fields.CharField(
                        description="Ed25519 signature over the canonical label, base64url without padding.",
                        max_length=100,
                    ),
                ),
                (
                    "claim_code_hash",
                    fields.CharField(
                        unique=True,
                        description="HMAC-SHA256 of the scratch-off claim code under ``CLAIM_CODE_HASH_KEY``.",
                        max_length=64,
                    ),
                ),
                ("commissioned_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "status",
                    fields.CharEnumField(
                        default=UnitStatus.ACTIVE,
                        description="ACTIVE: ACTIVE\nRECALLED: RECALLED\nBLOCKED: BLOCKED",
                        enum_type=UnitStatus,
                        max_length=10,
                    ),
                ),
                (
                    "suspected_clone",
                    fields.BooleanField(
                        default=False,
                        description="Set while a clone review is open or after one was confirmed.",
                    ),
                ),
                (
                    "custody_kind",
                    fields.CharEnumField(
                        default=CustodyKind.ISSUER,
                        description="ISSUER: ISSUER\nDEALER: DEALER\nMEMBER: MEMBER",
                        enum_type=CustodyKind,
                        max_length=8,
                    ),
                ),
                (
                    "custodian",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="custodian_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="parts_in_custody",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("custodian_dealer_code", fields.CharField(null=True, max_length=32)),
                (
                    "in_transit",
                    fields.BooleanField(
                        default=False,
                        description="Shipped and not yet received: scans from far apart are expected then.",
                    ),
                ),
                (
                    "installed_vehicle",
                    fields.ForeignKeyField(
                        "models.Vehicle",
                        source_field="installed_vehicle_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="installed_parts",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("claimed_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "head_seq",
                    fields.IntField(
                        default=0,
                        description="Sequence number and hash of the chain's last event, appends move them conditionally.",
                    ),
                ),
                ("head_hash", fields.CharField(default="", max_length=64)),
                ("last_scan_city", fields.CharField(null=True, max_length=64)),
                (
                    "last_scan_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "part_units",
                "app": "models",
                "unique_together": (("part_model_id", "serial"),),
                "indexes": [Index(fields=["custodian_id", "id"])],
                "pk_attr": "id",
                "table_description": "One serialized, labelled unit of a part model.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CloneReview",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "unit",
                    fields.ForeignKeyField(
                        "models.PartUnit",
                        source_field="unit_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="clone_reviews",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "signal",
                    fields.CharEnumField(
                        description="CLAIM_CODE_REUSED: CLAIM_CODE_REUSED\nNOT_CUSTODIAN: NOT_CUSTODIAN\nTWO_CITIES: TWO_CITIES",
                        enum_type=CloneSignal,
                        max_length=20,
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
                (
                    "status",
                    fields.CharEnumField(
                        default=ReviewStatus.OPEN,
                        description="OPEN: OPEN\nCONFIRMED: CONFIRMED\nCLEARED: CLEARED",
                        enum_type=ReviewStatus,
                        max_length=10,
                    ),
                ),
                (
                    "open_unit_id",
                    fields.BigIntField(
                        null=True,
                        unique=True,
                        description="The unit's id while the review is open: unique, so a unit has one open review.",
                    ),
                ),
                ("opened_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("decided_by_id", fields.BigIntField(null=True)),
                ("decided_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("note", fields.CharField(default="", max_length=500)),
            ],
            options={
                "table": "clone_reviews",
                "app": "models",
                "indexes": [Index(fields=["status", "id"])],
                "pk_attr": "id",
                "table_description": "A staff review opened by a clone signal.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ProvenanceEvent",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "unit",
                    fields.ForeignKeyField(
                        "models.PartUnit",
                        source_field="unit_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="events",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "seq",
                    fields.IntField(
                        description="1, 2, 3 … per unit, unique so two writers can never both append the same link."
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="COMMISSIONED: COMMISSIONED\nSHIPPED_TO_DEALER: SHIPPED_TO_DEALER\nSOLD: SOLD\nCLAIMED: CLAIMED\nINSTALLED: INSTALLED\nREMOVED: REMOVED\nINSPECTED: INSPECTED\nLISTED: LISTED\nTRANSFERRED: TRANSFERRED\nRECALLED: RECALLED\nREPORTED: REPORTED\nCORRECTION: CORRECTION",
                        enum_type=EventKind,
                        max_length=20,
                    ),
                ),
                ("occurred_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "city",
                    fields.CharField(
                        null=True,
                        description="Where: a city name, or NULL when not known.",
                        max_length=64,
                    ),
                ),
                (
                    "business_step",
                    fields.CharField(
                        description="Why: the CBV business step (``commissioning``, ``shipping``, ``retail_selling``, …).",
                        max_length=40,
                    ),
                ),
                (
                    "actor_kind",
                    fields.CharEnumField(
                        description="ISSUER: ISSUER\nDEALER: DEALER\nMEMBER: MEMBER\nSTAFF: STAFF\nSYSTEM: SYSTEM",
                        enum_type=ActorKind,
                        max_length=8,
                    ),
                ),
                (
                    "actor_member_id",
                    fields.BigIntField(
                        null=True,
                        description="The acting member: private, never shown on the public timeline.",
                    ),
                ),
                (
                    "dealer_code",
                    fields.CharField(
                        null=True,
                        description="Public names of the actor: a dealer's code or an issuer's id.",
                        max_length=32,
                    ),
                ),
                ("issuer_id", fields.BigIntField(null=True)),
                (
                    "detail",
                    fields.JSONField(
                        default=dict,
                        description="Kind-specific data (inspection result, vehicle model, new custodian's kind, …).",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "corrects_seq",
                    fields.IntField(
                        null=True,
                        description="A correction's target: the ``seq`` of the earlier event it amends.",
                    ),
                ),
                ("prev_hash", fields.CharField(max_length=64)),
                (
                    "hash",
                    fields.CharField(
                        description="SHA-256 of the RFC 8785 canonical JSON of this event, ``prev_hash`` included.",
                        max_length=64,
                    ),
                ),
            ],
            options={
                "table": "provenance_events",
                "app": "models",
                "unique_together": (("unit_id", "seq"),),
                "pk_attr": "id",
                "table_description": "One event of a unit's append-only history (GS1 EPCIS 2.0 in spirit).",
            },
            bases=["Model"],
        ),
        dialect_sql(postgres=POSTGRES),
    ]
