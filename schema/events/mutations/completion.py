"""After the event: completing registrations or the whole event (organizers), and the
feedback participants leave."""

from __future__ import annotations

import strawberry
from strawberry import relay

from schema.core.context import Info
from schema.core.ids import Id
from schema.core.runner import run
from schema.events.enums import CompletionOutcomeEnum
from schema.events.mutations.payloads import (
    CompleteEventPayload,
    CompleteRegistrationsPayload,
    EventFeedbackPayload,
)
from schema.events.types import EventNode, RegistrationNode
from services.events import completion, feedback


@strawberry.input(description="Registrations of an event to mark as completed or no-show.")
class CompleteRegistrationsInput:
    event_id: relay.GlobalID = strawberry.field(description="The event.")
    registration_ids: list[relay.GlobalID] = strawberry.field(description="Up to 500.")
    outcome: CompletionOutcomeEnum = strawberry.field(description="COMPLETED or NO_SHOW.")


@strawberry.input(description="An event to close.")
class CompleteEventInput:
    event_id: relay.GlobalID = strawberry.field(description="The event.")


@strawberry.input(description="Feedback on a completed event.")
class LeaveEventFeedbackInput:
    registration_id: relay.GlobalID = strawberry.field(description="Your COMPLETED registration.")
    rating: int = strawberry.field(description="1-5 stars.")
    nps: int = strawberry.field(description="How likely you would recommend it, 0-10.")
    comment: str = strawberry.field(default="", description="Up to 2000 characters.")


@strawberry.type
class CompletionMutations:
    @strawberry.mutation(
        description="Mark registrations COMPLETED (earns points once) or NO_SHOW (organizers)."
    )
    async def complete_registrations(
        self, info: Info, input: CompleteRegistrationsInput
    ) -> CompleteRegistrationsPayload:
        return await run(
            info,
            CompleteRegistrationsPayload,
            completion.complete_registrations,
            event_id=Id(input.event_id, EventNode),
            registration_ids=Id(input.registration_ids, RegistrationNode),
            outcome=input.outcome,
        )

    @strawberry.mutation(
        description="Close an event that has started (organizers): checked-in registrations "
        "complete, confirmed ones never checked in become NO_SHOW."
    )
    async def complete_event(self, info: Info, input: CompleteEventInput) -> CompleteEventPayload:
        return await run(
            info,
            CompleteEventPayload,
            completion.complete_event,
            event_id=Id(input.event_id, EventNode),
        )

    @strawberry.mutation(description="Leave feedback on an event you completed (once).")
    async def leave_event_feedback(
        self, info: Info, input: LeaveEventFeedbackInput
    ) -> EventFeedbackPayload:
        return await run(
            info,
            EventFeedbackPayload,
            feedback.leave_feedback,
            registration_id=Id(input.registration_id, RegistrationNode),
            rating=input.rating,
            nps=input.nps,
            comment=input.comment,
        )
