"""The parts domain's GraphQL types: the catalog, keys, units and what verification answers."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay

from models.accounts import StaffRole
from models.parts import (
    CloneReview,
    CloneSignal,
    CustodyKind,
    EventKind,
    IssuerKey,
    PartCapability,
    PartCategory,
    PartModel,
    PartUnit,
    ProvenanceEvent,
    ReviewStatus,
    UnitStatus,
)
from schema.core.context import Info
from schema.core.enums import described_enum
from schema.core.ids import key_of, type_name
from schema.members.vehicles import VehicleModelNode
from schema.parts.loaders import (
    FittedModelsByPartModelLoader,
    IssuerKeyByIdLoader,
    PartModelByIdLoader,
    PartUnitByIdLoader,
)
from services.parts.commissioning import Label
from services.parts.verification import PublicActor, TimelineEntry, Verdict, Verification

PartCategoryEnum = described_enum(
    PartCategory,
    name="PartCategory",
    description="What kind of modification a part is.",
    values={
        "RECOVERY": "Winches, straps and recovery gear.",
        "DRIVETRAIN": "Lockers, gears and shafts.",
        "SUSPENSION": "Lift kits, shocks and springs.",
        "TYRES": "Tyres and wheels.",
        "PROTECTION": "Skid plates, sliders and bumpers.",
        "INTAKE": "Snorkels and air intakes.",
        "CAMPING": "Roof tents and camping gear.",
        "LIGHTING": "Light bars and lamps.",
    },
)
UnitStatusEnum = described_enum(
    UnitStatus,
    name="PartUnitStatus",
    description="Whether a unit is in service.",
    values={
        "ACTIVE": "In service.",
        "RECALLED": "Recalled by its issuer.",
        "BLOCKED": "Confirmed a clone by staff; its code no longer verifies.",
    },
)
CustodyKindEnum = described_enum(
    CustodyKind,
    name="PartCustodyKind",
    description="Who holds a unit.",
    values={
        "ISSUER": "Still with its issuer.",
        "DEALER": "With (or on its way to) a dealer.",
        "MEMBER": "Sold to a member (the custodian once claimed).",
    },
)
EventKindEnum = described_enum(
    EventKind,
    name="PartEventKind",
    description="What happened to a unit (EPCIS-style provenance events).",
    values={
        "COMMISSIONED": "Labelled and signed by its issuer.",
        "SHIPPED_TO_DEALER": "Shipped by its issuer to a dealer.",
        "SOLD": "Sold by a dealer.",
        "CLAIMED": "Claimed by a member with its claim code.",
        "INSTALLED": "Installed on a vehicle.",
        "REMOVED": "Removed from a vehicle.",
        "INSPECTED": "Inspected by a dealer, with a result.",
        "LISTED": "Listed for sale by its custodian.",
        "TRANSFERRED": "Handed from one member to another.",
        "RECALLED": "Recalled by its issuer.",
        "REPORTED": "Reported a clone after a staff review.",
        "CORRECTION": "Corrects an earlier event (events are never edited).",
    },
)
VerdictEnum = described_enum(
    Verdict,
    name="PartVerdict",
    description="What verifying a part's code found.",
    values={
        "AUTHENTIC": "Signed by its issuer, intact history, in service.",
        "UNKNOWN": "No unit carries this code.",
        "BAD_SIGNATURE": "The label's signature does not check out.",
        "KEY_REVOKED": "Signed with a key revoked before the label was made.",
        "RECALLED": "Genuine but recalled by its issuer.",
        "SUSPECTED_CLONE": "Flagged as a possible clone (under review or confirmed).",
        "CHAIN_BROKEN": "The provenance history was altered (see firstBadSeq).",
    },
)
PublicActorEnum = described_enum(
    PublicActor,
    name="PartTimelineActor",
    description="Who recorded a timeline event, as the public may know it.",
    values={
        "ISSUER": "The part's issuer (named).",
        "DEALER": "A dealer (named by its code).",
        "MEMBER": "A member (never named).",
        "DELETED_MEMBER": "A member whose account was deleted.",
        "STAFF": "Platform staff.",
        "SYSTEM": "The platform itself.",
    },
)
CloneSignalEnum = described_enum(
    CloneSignal,
    name="CloneSignal",
    description="What made a unit a suspected clone.",
    values={
        "CLAIM_CODE_REUSED": "Its claim code was used a second time.",
        "NOT_CUSTODIAN": "Someone other than its custodian listed or claimed it.",
        "TWO_CITIES": "Scanned in two cities within the clone window while not in transit.",
    },
)
ReviewStatusEnum = described_enum(
    ReviewStatus,
    name="CloneReviewStatus",
    description="Where a clone review stands.",
    values={
        "OPEN": "Waiting for staff.",
        "CONFIRMED": "Staff confirmed a clone: the unit is blocked.",
        "CLEARED": "Staff cleared the flag.",
    },
)


@strawberry.type(name="PartCapability", description="A capability tag (能力标签), kept as data.")
class CapabilityType:
    key: str = strawberry.field(description="Stable key, e.g. `WINCH`.")
    name_zh: str = strawberry.field(description="Name in Chinese.")
    name_en: str = strawberry.field(description="Name in English.")

    @classmethod
    def from_model(cls, row: PartCapability) -> CapabilityType:
        return cls(key=row.key, name_zh=row.name_zh, name_en=row.name_en)


@strawberry.type(name="PartModel", description="A part in the verified catalog (认证配件).")
class PartModelNode(relay.Node):
    part_model_id: relay.NodeID[int]
    maker: str = strawberry.field(description="Who makes it.")
    part_number: str = strawberry.field(description="The maker's part number.")
    name_zh: str = strawberry.field(description="Name in Chinese.")
    name_en: str = strawberry.field(description="Name in English.")
    category: PartCategoryEnum = strawberry.field(description="Kind of part.")
    capability_tags: list[str] = strawberry.field(
        description="Capability tags it gives a vehicle (`WINCH`, `LOCKER`, …)."
    )
    created_at: datetime = strawberry.field(description="When it entered the catalog.")

    @strawberry.field(description="Vehicle models it fits.")
    async def fits(self, info: Info) -> list[VehicleModelNode]:
        models = await info.context.loaders.get(FittedModelsByPartModelLoader).load(
            self.part_model_id
        )
        return [VehicleModelNode.from_model(model) for model in models]

    @classmethod
    def from_model(cls, row: PartModel) -> PartModelNode:
        return cls(
            part_model_id=row.id,
            maker=row.maker,
            part_number=row.part_number,
            name_zh=row.name_zh,
            name_en=row.name_en,
            category=row.category,
            capability_tags=list(row.capability_tags or []),
            created_at=row.created_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[PartModelNode | None]:
        keys = [key_of(relay.GlobalID(type_name(cls), raw), cls) or 0 for raw in node_ids]
        rows = await info.context.loaders.get(PartModelByIdLoader).load_many(keys)
        return [cls.from_model(row) if row is not None else None for row in rows]


@strawberry.type(name="IssuerKey", description="A published Ed25519 public key of an issuer.")
class IssuerKeyNode(relay.Node):
    key_pk: relay.NodeID[int]
    key_id: str = strawberry.field(description="Key id printed on labels.")
    issuer_id: strawberry.Private[int]
    algorithm: str = strawberry.field(description="Always `Ed25519`.")
    public_key: str = strawberry.field(description="Raw 32-byte public key, base64url.")
    created_at: datetime = strawberry.field(description="When the key was made.")
    retired_at: datetime | None = strawberry.field(
        description="When it stopped signing (rotation); its signatures stay valid."
    )
    revoked_from: datetime | None = strawberry.field(
        description="Labels it signed from this instant on are invalid."
    )

    @strawberry.field(description="The issuer's member id as published in the keys document.")
    def issuer(self) -> int:
        return self.issuer_id

    @classmethod
    def from_model(cls, row: IssuerKey) -> IssuerKeyNode:
        return cls(
            key_pk=row.id,
            key_id=row.key_id,
            issuer_id=row.issuer_id,
            algorithm="Ed25519",
            public_key=row.public_key,
            created_at=row.created_at,
            retired_at=row.retired_at,
            revoked_from=row.revoked_from,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[IssuerKeyNode | None]:
        keys = [key_of(relay.GlobalID(type_name(cls), raw), cls) or 0 for raw in node_ids]
        rows = await info.context.loaders.get(IssuerKeyByIdLoader).load_many(keys)
        return [cls.from_model(row) if row is not None else None for row in rows]


@strawberry.type(name="PartUnit", description="A serialized unit, as its issuer or holder sees it.")
class PartUnitNode(relay.Node):
    unit_id: relay.NodeID[int]
    code: str = strawberry.field(description="Public code on its label (`/v/<code>`).")
    serial: str = strawberry.field(description="Serial number within its part model.")
    status: UnitStatusEnum = strawberry.field(description="In service, recalled or blocked.")
    custody: CustodyKindEnum = strawberry.field(description="Who holds it.")
    in_transit: bool = strawberry.field(description="Shipped and not yet at the dealer.")
    suspected_clone: bool = strawberry.field(description="Flagged as a possible clone.")
    commissioned_at: datetime = strawberry.field(description="When it was labelled.")
    part_model_pk: strawberry.Private[int]

    @strawberry.field(description="Its part model.")
    async def part_model(self, info: Info) -> PartModelNode | None:
        row = await info.context.loaders.get(PartModelByIdLoader).load(self.part_model_pk)
        return PartModelNode.from_model(row) if row is not None else None

    @classmethod
    def from_model(cls, row: PartUnit) -> PartUnitNode:
        return cls(
            unit_id=row.id,
            code=row.code,
            serial=row.serial,
            status=row.status,
            custody=row.custody_kind,
            in_transit=row.in_transit,
            suspected_clone=row.suspected_clone,
            commissioned_at=row.commissioned_at,
            part_model_pk=row.part_model_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[PartUnitNode | None]:
        viewer = await info.context.viewer()
        keys = [key_of(relay.GlobalID(type_name(cls), raw), cls) or 0 for raw in node_ids]
        rows = await info.context.loaders.get(PartUnitByIdLoader).load_many(keys)
        return [
            cls.from_model(row) if row is not None and _may_see(viewer, row) else None
            for row in rows
        ]


def _may_see(viewer: Any, unit: PartUnit) -> bool:
    if viewer is None:
        return False
    staff = {StaffRole.ADMIN.value, StaffRole.MODERATOR.value} & set(viewer.roles)
    return bool(staff) or viewer.id in (unit.issuer_id, unit.custodian_id)


@strawberry.type(description="A unit just commissioned, with what its label prints.")
class CommissionedUnit:
    unit: PartUnitNode = strawberry.field(description="The new unit.")
    claim_code: str = strawberry.field(
        description="The claim code for the scratch-off; shown only here, stored only hashed."
    )
    url: str = strawberry.field(description="What the label's QR code opens.")
    label: str = strawberry.field(
        description="The signed label as JSON (issuer, keyId, partNumber, serial, "
        "commissionedAt, signature, code, url): verifiable offline with the published keys."
    )


def commissioned(labels: list[Label], units: dict[int, PartUnit]) -> list[CommissionedUnit]:
    return [
        CommissionedUnit(
            unit=PartUnitNode.from_model(units[label.unit_id]),
            claim_code=label.claim_code,
            url=label.url,
            label=json.dumps(label.payload, separators=(",", ":")),
        )
        for label in labels
    ]


@strawberry.type(description="An event appended to a unit's provenance chain.")
class PartEvent:
    seq: int = strawberry.field(description="Its place in the chain, from 1.")
    kind: EventKindEnum = strawberry.field(description="What happened.")
    occurred_at: datetime = strawberry.field(description="When.")
    city: str | None = strawberry.field(description="Where, when known.")
    business_step: str = strawberry.field(description="Why: the CBV business step.")
    corrects_seq: int | None = strawberry.field(description="The event a correction amends.")
    hash: str = strawberry.field(description="SHA-256 of its canonical JSON (hex).")

    @classmethod
    def from_model(cls, row: ProvenanceEvent) -> PartEvent:
        return cls(
            seq=row.seq,
            kind=row.kind,
            occurred_at=row.occurred_at,
            city=row.city,
            business_step=row.business_step,
            corrects_seq=row.corrects_seq,
            hash=row.hash,
        )


@strawberry.type(description="One event of a unit's public timeline; members are never named.")
class PartTimelineEntry:
    seq: int = strawberry.field(description="Its place in the chain, from 1.")
    kind: EventKindEnum = strawberry.field(description="What happened.")
    occurred_at: datetime = strawberry.field(description="When.")
    city: str | None = strawberry.field(description="Where, when known.")
    business_step: str = strawberry.field(description="Why: the CBV business step.")
    actor: PublicActorEnum = strawberry.field(description="Who recorded it.")
    actor_name: str | None = strawberry.field(
        description="The issuer's name or the dealer's code; null for members and staff."
    )
    inspection_result: str | None = strawberry.field(
        description="PASS, ATTENTION or FAIL for inspections."
    )
    vehicle_model: str | None = strawberry.field(
        description="Key of the vehicle model it was installed on."
    )
    corrects_seq: int | None = strawberry.field(description="The event a correction amends.")

    @classmethod
    def of(cls, entry: TimelineEntry) -> PartTimelineEntry:
        return cls(
            seq=entry.seq,
            kind=entry.kind,
            occurred_at=entry.occurred_at,
            city=entry.city,
            business_step=entry.business_step,
            actor=entry.actor,
            actor_name=entry.actor_name,
            inspection_result=entry.detail.get("result"),
            vehicle_model=entry.detail.get("vehicleModel"),
            corrects_seq=entry.corrects_seq,
        )


@strawberry.type(description="What verifying a part's code found (no sign-in needed).")
class PartVerification:
    verdict: VerdictEnum = strawberry.field(description="The verdict.")
    code: str = strawberry.field(description="The code as checked.")
    part_model: PartModelNode | None = strawberry.field(description="What the part is.")
    issuer_name: str | None = strawberry.field(description="Who issued it.")
    key_id: str | None = strawberry.field(description="The key its label was signed with.")
    commissioned_at: datetime | None = strawberry.field(description="When it was labelled.")
    first_bad_seq: int | None = strawberry.field(
        description="For CHAIN_BROKEN: the first event that does not check out."
    )
    timeline: list[PartTimelineEntry] = strawberry.field(description="Its public history.")

    @classmethod
    def of(cls, found: Verification) -> PartVerification:
        unit = found.unit
        return cls(
            verdict=found.verdict,
            code=found.code,
            part_model=PartModelNode.from_model(found.part_model) if found.part_model else None,
            issuer_name=found.issuer_name,
            key_id=found.key.key_id if found.key else None,
            commissioned_at=unit.commissioned_at if unit else None,
            first_bad_seq=found.first_bad_seq,
            timeline=[PartTimelineEntry.of(entry) for entry in found.timeline],
        )


@strawberry.type(name="CloneReview", description="A staff review of a suspected clone.")
class CloneReviewNode(relay.Node):
    review_id: relay.NodeID[int]
    signal: CloneSignalEnum = strawberry.field(description="What raised the suspicion.")
    status: ReviewStatusEnum = strawberry.field(description="Where the review stands.")
    opened_at: datetime = strawberry.field(description="When it was opened.")
    decided_at: datetime | None = strawberry.field(description="When staff decided it.")
    note: str = strawberry.field(description="The deciding moderator's note.")
    unit_pk: strawberry.Private[int]

    @strawberry.field(description="The unit under review.")
    async def unit(self, info: Info) -> PartUnitNode | None:
        row = await info.context.loaders.get(PartUnitByIdLoader).load(self.unit_pk)
        return PartUnitNode.from_model(row) if row is not None else None

    @classmethod
    def from_model(cls, row: CloneReview) -> CloneReviewNode:
        return cls(
            review_id=row.id,
            signal=row.signal,
            status=row.status,
            opened_at=row.opened_at,
            decided_at=row.decided_at,
            note=row.note,
            unit_pk=row.unit_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[CloneReviewNode | None]:
        viewer = await info.context.viewer()
        roles = set(viewer.roles) if viewer is not None else set()
        if not {StaffRole.ADMIN.value, StaffRole.MODERATOR.value} & roles:
            return [None for _ in node_ids]
        keys = [key_of(relay.GlobalID(type_name(cls), raw), cls) or 0 for raw in node_ids]
        rows = {row.id: row for row in await CloneReview.filter(id__in=keys)}
        return [cls.from_model(rows[k]) if k in rows else None for k in keys]
