"""Crew support during an event: a participant calls for help, the crew acknowledges and
resolves it."""

from __future__ import annotations

import strawberry
from strawberry import relay

from schema.core.context import Info
from schema.core.ids import Id
from schema.core.runner import run
from schema.events.assistance_types import AssistanceRequestNode
from schema.events.enums import AssistanceIssueEnum
from schema.events.mutations.payloads import AssistancePayload
from schema.events.types import EventNode
from services.events import assistance


@strawberry.input(description="A call for help during an event.")
class RequestAssistanceInput:
    event_id: relay.GlobalID = strawberry.field(description="The event you are taking part in.")
    issue: AssistanceIssueEnum = strawberry.field(description="What is wrong.")
    location: str = strawberry.field(description="Where you are, in words (up to 200).")
    details: str = strawberry.field(default="", description="More about it (up to 1000).")


@strawberry.input(description="An assistance request to answer.")
class AssistanceInput:
    request_id: relay.GlobalID = strawberry.field(description="The request.")


@strawberry.input(description="An assistance request to close.")
class ResolveAssistanceInput:
    request_id: relay.GlobalID = strawberry.field(description="The request.")
    resolution: str = strawberry.field(description="What was done (up to 1000).")


@strawberry.type
class SupportMutations:
    @strawberry.mutation(
        description="Call the crew for help during an event you take part in (from 2 h before "
        "the start to 6 h after the end)."
    )
    async def request_assistance(
        self, info: Info, input: RequestAssistanceInput
    ) -> AssistancePayload:
        return await run(
            info,
            AssistancePayload,
            assistance.request_assistance,
            event_id=Id(input.event_id, EventNode),
            issue=input.issue,
            location=input.location,
            details=input.details,
        )

    @strawberry.mutation(description="Acknowledge an assistance request (organizers and crew).")
    async def acknowledge_assistance(self, info: Info, input: AssistanceInput) -> AssistancePayload:
        return await run(
            info,
            AssistancePayload,
            assistance.acknowledge,
            request_id=Id(input.request_id, AssistanceRequestNode),
        )

    @strawberry.mutation(description="Resolve an assistance request (organizers and crew).")
    async def resolve_assistance(
        self, info: Info, input: ResolveAssistanceInput
    ) -> AssistancePayload:
        return await run(
            info,
            AssistancePayload,
            assistance.resolve,
            request_id=Id(input.request_id, AssistanceRequestNode),
            resolution=input.resolution,
        )
