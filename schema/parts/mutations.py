"""Parts mutations: the catalog, keys, commissioning, provenance events, claims and clone
reviews."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry import relay

from models.parts import PartUnit
from schema.core.context import Info
from schema.core.ids import Id
from schema.core.payload import Payload
from schema.core.runner import run
from schema.members.types import MemberNode
from schema.members.vehicles import VehicleModelNode, VehicleNode
from schema.parts.types import (
    CloneReviewNode,
    CommissionedUnit,
    EventKindEnum,
    IssuerKeyNode,
    PartCategoryEnum,
    PartEvent,
    PartModelNode,
    PartUnitNode,
    commissioned,
)
from services.parts import catalog, clones, commissioning, custody, keys


@strawberry.input(description="A part model for the issuer's catalog.")
class CreatePartModelInput:
    maker: str = strawberry.field(description="Who makes it.")
    part_number: str = strawberry.field(description="The maker's part number (unique per issuer).")
    name_zh: str = strawberry.field(description="Name in Chinese.")
    name_en: str = strawberry.field(description="Name in English.")
    category: PartCategoryEnum = strawberry.field(description="Kind of part.")
    capability_tags: list[str] = strawberry.field(description="Capability tag keys.")
    fits_vehicle_model_ids: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Vehicle models it fits."
    )


@strawberry.input(description="Changes to a part model; omitted fields stay as they are.")
class UpdatePartModelInput:
    part_model_id: relay.GlobalID = strawberry.field(description="The part model.")
    name_zh: str | None = strawberry.field(default=None, description="Name in Chinese.")
    name_en: str | None = strawberry.field(default=None, description="Name in English.")
    capability_tags: list[str] | None = strawberry.field(
        default=None, description="Capability tag keys (replace the current ones)."
    )
    fits_vehicle_model_ids: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Vehicle models it fits (replace the current ones)."
    )


@strawberry.type(description="Result of adding or changing a part model.")
class PartModelPayload(Payload):
    part_model: PartModelNode | None = strawberry.field(default=None, description="The model.")


@strawberry.input(description="Units to commission (up to 100; the CLI does large batches).")
class CommissionPartsInput:
    part_model_id: relay.GlobalID = strawberry.field(description="The issuer's part model.")
    count: int = strawberry.field(description="How many units, 1 to 100.")
    city: str | None = strawberry.field(default=None, description="Where they are labelled.")


@strawberry.type(description="Result of commissioning units.")
class CommissionPartsPayload(Payload):
    units: list[CommissionedUnit] | None = strawberry.field(
        default=None, description="The new units with their labels and claim codes."
    )

    @classmethod
    def of(cls, result: Any) -> CommissionPartsPayload:
        return cls(units=result)


async def _commission(**arguments: Any) -> list[CommissionedUnit]:
    labels = await commissioning.commission_units(**arguments)
    units = {u.id: u for u in await PartUnit.filter(id__in=[label.unit_id for label in labels])}
    return commissioned(labels, units)


@strawberry.type(description="Result of rotating or revoking an issuer key.")
class IssuerKeyPayload(Payload):
    key: IssuerKeyNode | None = strawberry.field(default=None, description="The key.")


@strawberry.input(description="Revoke an issuer key from an instant on.")
class RevokeIssuerKeyInput:
    key_id: relay.GlobalID = strawberry.field(description="The key (an IssuerKey id).")
    revoked_from: datetime | None = strawberry.field(
        default=None, description="Labels signed from then on are invalid; default now."
    )


@strawberry.input(description="An event to record for a unit.")
class RecordPartEventInput:
    unit_id: relay.GlobalID = strawberry.field(description="The unit.")
    kind: EventKindEnum = strawberry.field(description="What happened.")
    city: str | None = strawberry.field(default=None, description="Where it happened.")
    dealer_code: str | None = strawberry.field(
        default=None, description="SHIPPED_TO_DEALER: the dealer it goes to."
    )
    vehicle_id: relay.GlobalID | None = strawberry.field(
        default=None, description="INSTALLED: the vehicle."
    )
    recipient_id: relay.GlobalID | None = strawberry.field(
        default=None, description="TRANSFERRED: the member it goes to."
    )
    result: str | None = strawberry.field(
        default=None, description="INSPECTED: PASS, ATTENTION or FAIL."
    )
    corrects_seq: int | None = strawberry.field(
        default=None, description="CORRECTION: the event it amends."
    )
    note: str | None = strawberry.field(default=None, description="A note (recall reason, …).")


@strawberry.type(description="Result of recording a provenance event.")
class PartEventPayload(Payload):
    event: PartEvent | None = strawberry.field(default=None, description="The event.")


@strawberry.input(description="Claim custody of a part with its scratch-off claim code.")
class ClaimPartInput:
    code: str = strawberry.field(description="The public code on the label.")
    claim_code: str = strawberry.field(description="The claim code under the scratch-off.")
    city: str | None = strawberry.field(default=None, description="Where you are.")


@strawberry.type(description="Result of claiming a part.")
class PartUnitPayload(Payload):
    unit: PartUnitNode | None = strawberry.field(default=None, description="The unit.")


@strawberry.input(description="A moderator's decision on a clone review.")
class DecideCloneReviewInput:
    review_id: relay.GlobalID = strawberry.field(description="The review.")
    confirm: bool = strawberry.field(
        description="True blocks the unit as a clone; false clears the flag."
    )
    note: str | None = strawberry.field(default=None, description="Why, for the audit log.")


@strawberry.type(description="Result of deciding a clone review.")
class CloneReviewPayload(Payload):
    review: CloneReviewNode | None = strawberry.field(default=None, description="The review.")


@strawberry.type
class PartMutations:
    @strawberry.mutation(description="Add a part model to your catalog (issuers).")
    async def create_part_model(
        self,
        info: Info,
        input: Annotated[
            CreatePartModelInput, strawberry.argument(description="The operation's input.")
        ],
    ) -> PartModelPayload:
        return await run(
            info,
            PartModelPayload,
            catalog.create_part_model,
            maker=input.maker,
            part_number=input.part_number,
            name_zh=input.name_zh,
            name_en=input.name_en,
            category=input.category,
            capability_tags=input.capability_tags,
            fits_vehicle_model_ids=Id(input.fits_vehicle_model_ids or [], VehicleModelNode),
        )

    @strawberry.mutation(description="Change one of your part models (issuers).")
    async def update_part_model(
        self,
        info: Info,
        input: Annotated[
            UpdatePartModelInput, strawberry.argument(description="The operation's input.")
        ],
    ) -> PartModelPayload:
        fits = input.fits_vehicle_model_ids
        return await run(
            info,
            PartModelPayload,
            catalog.update_part_model,
            part_model_id=Id(input.part_model_id, PartModelNode),
            name_zh=input.name_zh,
            name_en=input.name_en,
            capability_tags=input.capability_tags,
            fits_vehicle_model_ids=Id(fits, VehicleModelNode) if fits is not None else None,
        )

    @strawberry.mutation(description="Commission labelled units of your part model (issuers).")
    async def commission_parts(
        self, info: Info, input: CommissionPartsInput
    ) -> CommissionPartsPayload:
        return await run(
            info,
            CommissionPartsPayload,
            _commission,
            part_model_id=Id(input.part_model_id, PartModelNode),
            count=input.count,
            city=input.city,
        )

    @strawberry.mutation(
        description="Start signing with a new key; labels signed with the old one stay valid."
    )
    async def rotate_issuer_key(self, info: Info) -> IssuerKeyPayload:
        return await run(info, IssuerKeyPayload, keys.rotate_key)

    @strawberry.mutation(description="Revoke one of your keys from an instant on (issuers).")
    async def revoke_issuer_key(
        self,
        info: Info,
        input: Annotated[
            RevokeIssuerKeyInput, strawberry.argument(description="The operation's input.")
        ],
    ) -> IssuerKeyPayload:
        return await run(
            info,
            IssuerKeyPayload,
            keys.revoke_key,
            key_id=Id(input.key_id, IssuerKeyNode),
            revoked_from=input.revoked_from,
        )

    @strawberry.mutation(description="Record what happened to a unit (issuers, dealers, holders).")
    async def record_part_event(
        self,
        info: Info,
        input: Annotated[
            RecordPartEventInput, strawberry.argument(description="The operation's input.")
        ],
    ) -> PartEventPayload:
        return await run(
            info,
            PartEventPayload,
            custody.record_event,
            unit_id=Id(input.unit_id, PartUnitNode),
            kind=input.kind,
            city=input.city,
            dealer_code=input.dealer_code,
            vehicle_id=Id(input.vehicle_id, VehicleNode, optional=True),
            recipient_id=Id(input.recipient_id, MemberNode, optional=True),
            result=input.result,
            corrects_seq=input.corrects_seq,
            note=input.note,
        )

    @strawberry.mutation(description="Claim custody of a part you bought, with its claim code.")
    async def claim_part(
        self,
        info: Info,
        input: Annotated[ClaimPartInput, strawberry.argument(description="The operation's input.")],
    ) -> PartUnitPayload:
        return await run(
            info,
            PartUnitPayload,
            custody.claim_part,
            code=input.code,
            claim_code=input.claim_code,
            city=input.city,
        )

    @strawberry.mutation(description="Confirm or clear a suspected clone (moderators).")
    async def decide_clone_review(
        self, info: Info, input: DecideCloneReviewInput
    ) -> CloneReviewPayload:
        return await run(
            info,
            CloneReviewPayload,
            clones.decide_review,
            review_id=Id(input.review_id, CloneReviewNode),
            confirm=input.confirm,
            note=input.note,
        )
