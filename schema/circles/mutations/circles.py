"""Founding, editing and certifying circles."""

from __future__ import annotations

import strawberry
from strawberry import UNSET, relay

from schema.circles.args import kept_list
from schema.circles.enums import CircleKind, JoinPolicy
from schema.circles.mutations.payloads import CirclePayload
from schema.circles.types import CircleNode
from schema.core.context import Info
from schema.core.ids import Id
from schema.core.runner import run
from schema.members.inputs import given
from services.circles import circles


@strawberry.input(description="A new circle; the viewer becomes its owner.")
class CreateCircleInput:
    name: str = strawberry.field(description="2-64 characters, e.g. 北京越野圈.")
    kind: CircleKind = strawberry.field(description="OFFICIAL is for staff.")
    slug: str | None = strawberry.field(
        default=None, description="Address (3-64 lower-case letters, digits, hyphens)."
    )
    city: str | None = strawberry.field(default=None, description="Home city.")
    tags: list[str] = strawberry.field(default_factory=list, description="Up to 10 tags.")
    description: str | None = strawberry.field(default=None, description="Up to 2,000.")
    cover_url: str | None = strawberry.field(default=None, description="An https image URL.")
    join_policy: JoinPolicy = strawberry.field(
        default=JoinPolicy.OPEN, description="How members get in."
    )


@strawberry.input(description="Circle fields to change; omitted ones stay.")
class UpdateCircleInput:
    circle_id: relay.GlobalID = strawberry.field(description="The circle.")
    name: str | None = strawberry.field(default=UNSET, description="2-64 characters.")
    city: str | None = strawberry.field(default=UNSET, description="Home city.")
    tags: list[str] | None = strawberry.field(default=UNSET, description="Replaces the tags.")
    description: str | None = strawberry.field(default=UNSET, description="Up to 2,000.")
    cover_url: str | None = strawberry.field(default=UNSET, description="An https image URL.")
    join_policy: JoinPolicy | None = strawberry.field(
        default=UNSET, description="How members get in."
    )


@strawberry.input(description="Ask staff to certify a circle (owner).")
class RequestCircleCertificationInput:
    circle_id: relay.GlobalID = strawberry.field(description="The circle.")
    note: str | None = strawberry.field(default=None, description="Why it deserves it.")


@strawberry.input(description="Staff decision on a certification request.")
class DecideCircleCertificationInput:
    circle_id: relay.GlobalID = strawberry.field(description="The circle.")
    approve: bool = strawberry.field(description="Certify (true) or reject (false).")
    reason: str | None = strawberry.field(default=None, description="Required to reject.")


@strawberry.type
class CircleAdminMutations:
    @strawberry.mutation(description="Found a circle (any member; OFFICIAL for staff).")
    async def create_circle(self, info: Info, input: CreateCircleInput) -> CirclePayload:
        return await run(
            info,
            CirclePayload,
            circles.create_circle,
            name=input.name,
            kind=input.kind,
            slug=input.slug,
            city=input.city,
            tags=input.tags,
            description=input.description,
            cover_url=input.cover_url,
            join_policy=input.join_policy,
        )

    @strawberry.mutation(description="Change a circle (owner or staff).")
    async def update_circle(self, info: Info, input: UpdateCircleInput) -> CirclePayload:
        return await run(
            info,
            CirclePayload,
            circles.update_circle,
            circle_id=Id(input.circle_id, CircleNode),
            name=given(input.name),
            city=given(input.city),
            tags=kept_list(input.tags),
            description=given(input.description),
            cover_url=given(input.cover_url),
            join_policy=given(input.join_policy),
        )

    @strawberry.mutation(description="Ask staff to certify the circle (owner).")
    async def request_circle_certification(
        self, info: Info, input: RequestCircleCertificationInput
    ) -> CirclePayload:
        return await run(
            info,
            CirclePayload,
            circles.request_certification,
            circle_id=Id(input.circle_id, CircleNode),
            note=input.note,
        )

    @strawberry.mutation(description="Certify a circle or reject its request (staff).")
    async def decide_circle_certification(
        self, info: Info, input: DecideCircleCertificationInput
    ) -> CirclePayload:
        return await run(
            info,
            CirclePayload,
            circles.decide_certification,
            circle_id=Id(input.circle_id, CircleNode),
            approve=input.approve,
            reason=input.reason,
        )
