"""Parts queries: verification for everyone, the catalog and keys, and the holder's and
staff's views."""

from __future__ import annotations

import json
from typing import Annotated

import strawberry
from strawberry import relay

from models.parts import PartUnit
from schema.core.context import Info
from schema.core.ids import decode_id
from schema.members.types import MemberNode
from schema.parts.types import (
    CapabilityType,
    CloneReviewNode,
    IssuerKeyNode,
    PartModelNode,
    PartUnitNode,
    PartVerification,
)
from services.errors import DomainError, ErrorCode
from services.parts import catalog, clones, epcis, keys, verification

Limit = Annotated[int, strawberry.argument(description="At most this many (up to 100).")]


def client_of(info: Info) -> str:
    """Who is asking, for the verification rate limit: the viewer, else the client address."""
    claims = info.context.claims
    if claims is not None:
        return f"m{claims.member_id}"
    request = info.context.request
    return f"ip:{request.client.host}" if request.client else "ip:-"


@strawberry.type
class PartQueries:
    @strawberry.field(
        description="Verify a part's code (no sign-in needed): the verdict, what the part is, "
        "and its public timeline. Rate-limited per client."
    )
    async def verify_part(
        self,
        info: Info,
        code: Annotated[str, strawberry.argument(description="The code on the label.")],
        city: Annotated[
            str | None,
            strawberry.argument(description="Where the scan happens (feeds clone detection)."),
        ] = None,
    ) -> PartVerification:
        found = await verification.verify_part(code=code, city=city, client=client_of(info))
        return PartVerification.of(found)

    @strawberry.field(
        description="A unit's provenance as a GS1 EPCIS 2.0 JSON document (as a string)."
    )
    async def part_provenance_epcis(
        self,
        info: Info,
        code: Annotated[str, strawberry.argument(description="The code on the label.")],
    ) -> str:
        allowed = await verification.allow_verification(client_of(info))
        if not allowed:
            raise DomainError(ErrorCode.RATE_LIMITED, field="code")
        return json.dumps(await epcis.epcis_document(code=code), ensure_ascii=False)

    @strawberry.field(description="Published issuer public keys, oldest first.")
    async def issuer_keys(
        self,
        issuer_id: Annotated[
            relay.GlobalID | None,
            strawberry.argument(description="Only this issuer's keys (a Member id)."),
        ] = None,
    ) -> list[IssuerKeyNode]:
        issuer = decode_id(issuer_id, MemberNode, field="issuer_id") if issuer_id else None
        return [IssuerKeyNode.from_model(key) for key in await keys.keys_of(issuer_id=issuer)]

    @strawberry.field(description="The verified parts catalog, newest first.")
    async def part_models(
        self,
        issuer_id: Annotated[
            relay.GlobalID | None,
            strawberry.argument(description="Only this issuer's parts (a Member id)."),
        ] = None,
        limit: Limit = 50,
    ) -> list[PartModelNode]:
        issuer = decode_id(issuer_id, MemberNode, field="issuer_id") if issuer_id else None
        rows = await catalog.part_models(issuer_id=issuer, limit=max(0, min(limit, 100)))
        return [PartModelNode.from_model(row) for row in rows]

    @strawberry.field(description="Capability tags parts may carry.")
    async def part_capabilities(self) -> list[CapabilityType]:
        return [CapabilityType.from_model(row) for row in await catalog.capabilities()]

    @strawberry.field(description="Units in the signed-in member's custody, newest first.")
    async def my_parts(self, info: Info, limit: Limit = 50) -> list[PartUnitNode]:
        viewer = await info.context.require_viewer()
        rows = (
            await PartUnit.filter(custodian_id=viewer.id)
            .order_by("-id")
            .limit(max(0, min(limit, 100)))
        )
        return [PartUnitNode.from_model(row) for row in rows]

    @strawberry.field(description="Open clone reviews, oldest first (moderators).")
    async def clone_reviews(self, info: Info, limit: Limit = 50) -> list[CloneReviewNode]:
        viewer = await info.context.require_viewer()
        rows = await clones.open_reviews(actor=viewer, limit=max(0, min(limit, 100)))
        return [CloneReviewNode.from_model(row) for row in rows]
