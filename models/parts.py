"""Verified parts: the catalog, issuer keys, serialized units, their provenance chain and the
staff reviews of suspected clones."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.members import Member, Vehicle, VehicleModel


class PartCategory(StrEnum):
    RECOVERY = "RECOVERY"
    DRIVETRAIN = "DRIVETRAIN"
    SUSPENSION = "SUSPENSION"
    TYRES = "TYRES"
    PROTECTION = "PROTECTION"
    INTAKE = "INTAKE"
    CAMPING = "CAMPING"
    LIGHTING = "LIGHTING"


class UnitStatus(StrEnum):
    ACTIVE = "ACTIVE"
    RECALLED = "RECALLED"
    #: Staff confirmed a clone: the code no longer verifies.
    BLOCKED = "BLOCKED"


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


class ReviewStatus(StrEnum):
    OPEN = "OPEN"
    CONFIRMED = "CONFIRMED"
    CLEARED = "CLEARED"


class PartCapability(Model):
    """A capability tag as data (``WINCH``, ``LOCKER``, …), matched by events' equipment
    requirements."""

    key = fields.CharField(max_length=32, primary_key=True)
    name_zh = fields.CharField(max_length=64)
    name_en = fields.CharField(max_length=64)

    class Meta:
        table = "part_capabilities"


class PartModel(Model):
    """A part an issuer makes or certifies, e.g. a 12,000 lb winch of one maker."""

    id = fields.BigIntField(primary_key=True)
    #: The member whose account holds the issuer role and owns this entry.
    issuer: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="part_models", on_delete=fields.RESTRICT
    )
    maker = fields.CharField(max_length=64)
    part_number = fields.CharField(max_length=64)
    name_zh = fields.CharField(max_length=128)
    name_en = fields.CharField(max_length=128)
    category = fields.CharEnumField(PartCategory, max_length=16)
    #: Keys of ``PartCapability`` rows.
    capability_tags: list[str] = fields.JSONField(default=list)  # type: ignore[assignment]
    #: Units commissioned so far: a batch reserves its serials by raising it in one update.
    units_commissioned = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    fitments: fields.ReverseRelation[PartFitment]
    if TYPE_CHECKING:
        issuer_id: int

    class Meta:
        table = "part_models"
        unique_together = (("issuer_id", "part_number"),)


class PartFitment(Model):
    """A vehicle model a part model fits."""

    id = fields.BigIntField(primary_key=True)
    part_model: fields.ForeignKeyRelation[PartModel] = fields.ForeignKeyField(
        "models.PartModel", related_name="fitments", on_delete=fields.CASCADE
    )
    vehicle_model: fields.ForeignKeyRelation[VehicleModel] = fields.ForeignKeyField(
        "models.VehicleModel", related_name="part_fitments", on_delete=fields.RESTRICT
    )
    if TYPE_CHECKING:
        part_model_id: int
        vehicle_model_id: int

    class Meta:
        table = "part_fitments"
        unique_together = (("part_model_id", "vehicle_model_id"),)


class IssuerKey(Model):
    """An issuer's Ed25519 signing key. Rotation retires it (its signatures stay valid),
    revocation invalidates signatures made from ``revoked_from`` on."""

    id = fields.BigIntField(primary_key=True)
    #: Public key id printed on labels, e.g. ``k1a2b3c4d``.
    key_id = fields.CharField(max_length=32, unique=True)
    issuer: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="issuer_keys", on_delete=fields.RESTRICT
    )
    #: Raw 32-byte public key, base64url without padding.
    public_key = fields.CharField(max_length=64)
    #: The private key sealed with AES-GCM under ``PART_KEY_ENCRYPTION_KEY``, never plain.
    sealed_private_key = fields.TextField()
    #: The issuer's id while this is their signing key, NULL once rotated: unique, so an
    #: issuer has one signing key whatever the concurrency.
    active_issuer_id = fields.BigIntField(null=True, unique=True)
    created_at = fields.DatetimeField()
    retired_at = fields.DatetimeField(null=True)
    revoked_from = fields.DatetimeField(null=True)
    if TYPE_CHECKING:
        issuer_id: int

    class Meta:
        table = "issuer_keys"


class PartUnit(Model):
    """One serialized, labelled unit of a part model."""

    id = fields.BigIntField(primary_key=True)
    part_model: fields.ForeignKeyRelation[PartModel] = fields.ForeignKeyField(
        "models.PartModel", related_name="units", on_delete=fields.RESTRICT
    )
    issuer: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="issued_units", on_delete=fields.RESTRICT
    )
    signing_key: fields.ForeignKeyRelation[IssuerKey] = fields.ForeignKeyField(
        "models.IssuerKey", related_name="units", on_delete=fields.RESTRICT
    )
    serial = fields.CharField(max_length=32)
    #: The short public code in the label's QR (``/v/<code>``).
    code = fields.CharField(max_length=32, unique=True)
    #: Ed25519 signature over the canonical label, base64url without padding.
    signature = fields.CharField(max_length=100)
    #: HMAC-SHA256 of the scratch-off claim code under ``CLAIM_CODE_HASH_KEY``.
    claim_code_hash = fields.CharField(max_length=64, unique=True)
    commissioned_at = fields.DatetimeField()
    status = fields.CharEnumField(UnitStatus, max_length=10, default=UnitStatus.ACTIVE)
    #: Set while a clone review is open or after one was confirmed.
    suspected_clone = fields.BooleanField(default=False)
    custody_kind = fields.CharEnumField(CustodyKind, max_length=8, default=CustodyKind.ISSUER)
    custodian: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="parts_in_custody", null=True, on_delete=fields.RESTRICT
    )
    custodian_dealer_code = fields.CharField(max_length=32, null=True)
    #: Shipped and not yet received: scans from far apart are expected then.
    in_transit = fields.BooleanField(default=False)
    installed_vehicle: fields.ForeignKeyNullableRelation[Vehicle] = fields.ForeignKeyField(
        "models.Vehicle", related_name="installed_parts", null=True, on_delete=fields.SET_NULL
    )
    claimed_at = fields.DatetimeField(null=True)
    #: Sequence number and hash of the chain's last event, appends move them conditionally.
    head_seq = fields.IntField(default=0)
    head_hash = fields.CharField(max_length=64, default="")
    last_scan_city = fields.CharField(max_length=64, null=True)
    last_scan_at = fields.DatetimeField(null=True)
    if TYPE_CHECKING:
        part_model_id: int
        issuer_id: int
        signing_key_id: int
        custodian_id: int | None
        installed_vehicle_id: int | None

    class Meta:
        table = "part_units"
        unique_together = (("part_model_id", "serial"),)
        indexes = [("custodian_id", "id")]


class ProvenanceEvent(Model):
    """One event of a unit's append-only history (GS1 EPCIS 2.0 in spirit)."""

    id = fields.BigIntField(primary_key=True)
    unit: fields.ForeignKeyRelation[PartUnit] = fields.ForeignKeyField(
        "models.PartUnit", related_name="events", on_delete=fields.RESTRICT
    )
    #: 1, 2, 3 … per unit, unique so two writers can never both append the same link.
    seq = fields.IntField()
    kind = fields.CharEnumField(EventKind, max_length=20)
    occurred_at = fields.DatetimeField()
    #: Where: a city name, or NULL when not known.
    city = fields.CharField(max_length=64, null=True)
    #: Why: the CBV business step (``commissioning``, ``shipping``, ``retail_selling``, …).
    business_step = fields.CharField(max_length=40)
    actor_kind = fields.CharEnumField(ActorKind, max_length=8)
    #: The acting member: private, never shown on the public timeline.
    actor_member_id = fields.BigIntField(null=True)
    #: Public names of the actor: a dealer's code or an issuer's id.
    dealer_code = fields.CharField(max_length=32, null=True)
    issuer_id = fields.BigIntField(null=True)
    #: Kind-specific data (inspection result, vehicle model, new custodian's kind, …).
    detail: dict[str, Any] = fields.JSONField(default=dict)  # type: ignore[assignment]
    #: A correction's target: the ``seq`` of the earlier event it amends.
    corrects_seq = fields.IntField(null=True)
    prev_hash = fields.CharField(max_length=64)
    #: SHA-256 of the RFC 8785 canonical JSON of this event, ``prev_hash`` included.
    hash = fields.CharField(max_length=64)
    if TYPE_CHECKING:
        unit_id: int

    class Meta:
        table = "provenance_events"
        unique_together = (("unit_id", "seq"),)


class CloneReview(Model):
    """A staff review opened by a clone signal."""

    id = fields.BigIntField(primary_key=True)
    unit: fields.ForeignKeyRelation[PartUnit] = fields.ForeignKeyField(
        "models.PartUnit", related_name="clone_reviews", on_delete=fields.RESTRICT
    )
    signal = fields.CharEnumField(CloneSignal, max_length=20)
    detail: dict[str, Any] = fields.JSONField(default=dict)  # type: ignore[assignment]
    status = fields.CharEnumField(ReviewStatus, max_length=10, default=ReviewStatus.OPEN)
    #: The unit's id while the review is open: unique, so a unit has one open review.
    open_unit_id = fields.BigIntField(null=True, unique=True)
    opened_at = fields.DatetimeField()
    decided_by_id = fields.BigIntField(null=True)
    decided_at = fields.DatetimeField(null=True)
    note = fields.CharField(max_length=500, default="")
    if TYPE_CHECKING:
        unit_id: int

    class Meta:
        table = "clone_reviews"
        indexes = [("status", "id")]


#: What PostgreSQL enforces beside the services: chain links in order, no edits of events.
POSTGRES_DDL: list[str] = [
    "ALTER TABLE provenance_events ADD CONSTRAINT provenance_events_seq_positive CHECK (seq >= 1)",
    "ALTER TABLE part_units ADD CONSTRAINT part_units_head_seq_nonnegative CHECK (head_seq >= 0)",
]
