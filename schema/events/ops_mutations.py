"""Event operations: check-in, completion, feedback, crew support and dealer inspections."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, TypeVar

import strawberry

from models.events import AssistanceRequest
from schema.core.context import Info
from schema.core.errors import UserError, user_errors
from schema.core.ids import decode_id
from schema.events.ops_types import (
    AssistanceIssueEnum,
    AssistanceRequestNode,
    CompletionOutcomeEnum,
    EventFeedbackType,
    InspectionNode,
)
from schema.events.types import EventNode, RegistrationNode
from services.errors import DomainError, InvalidInput
from services.events import assistance, checkin, completion, feedback, inspections

P = TypeVar("P")


@strawberry.input(description="A scanned check-in code.")
class CheckInInput:
    event_id: strawberry.ID = strawberry.field(description="The event being checked in.")
    code: str = strawberry.field(description="The QR payload shown by the member.")


@strawberry.input(description="A registration to check in by hand.")
class CheckInRegistrationInput:
    registration_id: strawberry.ID = strawberry.field(description="The registration.")


@strawberry.input(description="Registrations of an event to mark as completed or no-show.")
class CompleteRegistrationsInput:
    event_id: strawberry.ID = strawberry.field(description="The event.")
    registration_ids: list[strawberry.ID] = strawberry.field(description="Up to 500.")
    outcome: CompletionOutcomeEnum = strawberry.field(description="COMPLETED or NO_SHOW.")  # type: ignore[valid-type]


@strawberry.input(description="An event to close.")
class CompleteEventInput:
    event_id: strawberry.ID = strawberry.field(description="The event.")


@strawberry.input(description="Feedback on a completed event.")
class LeaveEventFeedbackInput:
    registration_id: strawberry.ID = strawberry.field(description="Your COMPLETED registration.")
    rating: int = strawberry.field(description="1-5 stars.")
    nps: int = strawberry.field(description="How likely you would recommend it, 0-10.")
    comment: str = strawberry.field(default="", description="Up to 2000 characters.")


@strawberry.input(description="A call for help during an event.")
class RequestAssistanceInput:
    event_id: strawberry.ID = strawberry.field(description="The event you are taking part in.")
    issue: AssistanceIssueEnum = strawberry.field(description="What is wrong.")  # type: ignore[valid-type]
    location: str = strawberry.field(description="Where you are, in words (up to 200).")
    details: str = strawberry.field(default="", description="More about it (up to 1000).")


@strawberry.input(description="An assistance request to answer.")
class AssistanceInput:
    request_id: strawberry.ID = strawberry.field(description="The request.")


@strawberry.input(description="An assistance request to close.")
class ResolveAssistanceInput:
    request_id: strawberry.ID = strawberry.field(description="The request.")
    resolution: str = strawberry.field(description="What was done (up to 1000).")


@strawberry.input(description="One checklist item of an inspection.")
class ChecklistItemInput:
    item: str = strawberry.field(description="What was checked, e.g. `brakes`.")
    passed: bool = strawberry.field(description="Whether it passed.")


@strawberry.input(description="A vehicle inspection (dealer staff).")
class RecordInspectionInput:
    vehicle_id: strawberry.ID = strawberry.field(description="The vehicle inspected.")
    passed: bool = strawberry.field(description="Overall result.")
    checklist: list[ChecklistItemInput] = strawberry.field(
        default_factory=list, description="Items checked (up to 200)."
    )
    notes: str = strawberry.field(default="", description="Up to 2000 characters.")
    inspected_on: date | None = strawberry.field(default=None, description="Default: today.")


@strawberry.type(description="Result of a check-in.")
class CheckInPayload:
    registration: RegistrationNode | None = strawberry.field(
        default=None, description="The registration now."
    )
    replayed: bool = strawberry.field(
        default=False, description="It was already checked in: nothing changed."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="Failures.")


@strawberry.type(description="Result of completing registrations.")
class CompleteRegistrationsPayload:
    registrations: list[RegistrationNode] = strawberry.field(
        default_factory=list, description="The listed registrations as they now stand."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="Failures.")


@strawberry.type(description="Result of closing an event.")
class CompleteEventPayload:
    event: EventNode | None = strawberry.field(default=None, description="The event now.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="Failures.")


@strawberry.type(description="Result of leaving feedback.")
class EventFeedbackPayload:
    feedback: EventFeedbackType | None = strawberry.field(default=None, description="It.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="Failures.")


@strawberry.type(description="Result of a change to an assistance request.")
class AssistancePayload:
    request: AssistanceRequestNode | None = strawberry.field(
        default=None, description="The request now."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="Failures.")


@strawberry.type(description="Result of recording an inspection.")
class InspectionPayload:
    inspection: InspectionNode | None = strawberry.field(default=None, description="It.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="Failures.")


def _key(value: Any, type_name: str, field: str) -> int:
    return decode_id(str(value), type_name, field=field)


async def _run(
    info: Info,
    call: Callable[[Any], Awaitable[P]],
    payload: Callable[..., Any],
) -> Any:
    """Run ``call(viewer)``; a domain error becomes the payload's ``errors``."""
    viewer = await info.context.require_viewer()
    try:
        return await call(viewer)
    except DomainError as error:
        return payload(errors=user_errors(error, info.context.locale))


def _assistance(row: AssistanceRequest) -> AssistancePayload:
    return AssistancePayload(request=AssistanceRequestNode.from_model(row))


@strawberry.type
class EventOpsMutations:
    @strawberry.mutation(
        description="Check in the registration behind a scanned code (organizers and crew). "
        "Scanning the same code again returns the same result."
    )
    async def check_in(self, info: Info, input: CheckInInput) -> CheckInPayload:
        async def run(viewer: Any) -> CheckInPayload:
            done = await checkin.check_in(
                actor=viewer, event_id=_key(input.event_id, "Event", "eventId"), code=input.code
            )
            return CheckInPayload(
                registration=RegistrationNode.from_model(done.registration), replayed=done.replayed
            )

        return await _run(info, run, CheckInPayload)  # type: ignore[no-any-return]

    @strawberry.mutation(description="Check in a registration by hand (organizers and crew).")
    async def check_in_registration(
        self, info: Info, input: CheckInRegistrationInput
    ) -> CheckInPayload:
        async def run(viewer: Any) -> CheckInPayload:
            done = await checkin.check_in_registration(
                actor=viewer,
                registration_id=_key(input.registration_id, "Registration", "registrationId"),
            )
            return CheckInPayload(
                registration=RegistrationNode.from_model(done.registration), replayed=done.replayed
            )

        return await _run(info, run, CheckInPayload)  # type: ignore[no-any-return]

    @strawberry.mutation(
        description="Mark registrations COMPLETED (earns points once) or NO_SHOW (organizers)."
    )
    async def complete_registrations(
        self, info: Info, input: CompleteRegistrationsInput
    ) -> CompleteRegistrationsPayload:
        async def run(viewer: Any) -> CompleteRegistrationsPayload:
            if len(input.registration_ids) > completion.MAX_BATCH:
                raise InvalidInput(field=["input", "registrationIds"])
            rows = await completion.complete_registrations(
                actor=viewer,
                event_id=_key(input.event_id, "Event", "eventId"),
                registration_ids=[
                    _key(value, "Registration", "registrationIds")
                    for value in input.registration_ids
                ],
                outcome=input.outcome,
            )
            return CompleteRegistrationsPayload(
                registrations=[RegistrationNode.from_model(row) for row in rows]
            )

        return await _run(info, run, CompleteRegistrationsPayload)  # type: ignore[no-any-return]

    @strawberry.mutation(
        description="Close an event that has started (organizers): checked-in registrations "
        "complete, confirmed ones never checked in become NO_SHOW."
    )
    async def complete_event(self, info: Info, input: CompleteEventInput) -> CompleteEventPayload:
        async def run(viewer: Any) -> CompleteEventPayload:
            row = await completion.complete_event(
                actor=viewer, event_id=_key(input.event_id, "Event", "eventId")
            )
            return CompleteEventPayload(event=EventNode.from_model(row))

        return await _run(info, run, CompleteEventPayload)  # type: ignore[no-any-return]

    @strawberry.mutation(description="Leave feedback on an event you completed (once).")
    async def leave_event_feedback(
        self, info: Info, input: LeaveEventFeedbackInput
    ) -> EventFeedbackPayload:
        async def run(viewer: Any) -> EventFeedbackPayload:
            row = await feedback.leave_feedback(
                actor=viewer,
                registration_id=_key(input.registration_id, "Registration", "registrationId"),
                rating=input.rating,
                nps=input.nps,
                comment=input.comment,
            )
            return EventFeedbackPayload(feedback=EventFeedbackType.from_model(row))

        return await _run(info, run, EventFeedbackPayload)  # type: ignore[no-any-return]

    @strawberry.mutation(
        description="Call the crew for help during an event you take part in (from 2 h before "
        "the start to 6 h after the end)."
    )
    async def request_assistance(
        self, info: Info, input: RequestAssistanceInput
    ) -> AssistancePayload:
        async def run(viewer: Any) -> AssistancePayload:
            return _assistance(
                await assistance.request_assistance(
                    actor=viewer,
                    event_id=_key(input.event_id, "Event", "eventId"),
                    issue=input.issue,
                    location=input.location,
                    details=input.details,
                )  # fmt: skip
            )

        return await _run(info, run, AssistancePayload)  # type: ignore[no-any-return]

    @strawberry.mutation(description="Acknowledge an assistance request (organizers and crew).")
    async def acknowledge_assistance(self, info: Info, input: AssistanceInput) -> AssistancePayload:
        async def run(viewer: Any) -> AssistancePayload:
            return _assistance(
                await assistance.acknowledge(
                    actor=viewer,
                    request_id=_key(input.request_id, "AssistanceRequest", "requestId"),
                )
            )

        return await _run(info, run, AssistancePayload)  # type: ignore[no-any-return]

    @strawberry.mutation(description="Resolve an assistance request (organizers and crew).")
    async def resolve_assistance(
        self, info: Info, input: ResolveAssistanceInput
    ) -> AssistancePayload:
        async def run(viewer: Any) -> AssistancePayload:
            return _assistance(
                await assistance.resolve(
                    actor=viewer,
                    request_id=_key(input.request_id, "AssistanceRequest", "requestId"),
                    resolution=input.resolution,
                )
            )

        return await _run(info, run, AssistancePayload)  # type: ignore[no-any-return]

    @strawberry.mutation(description="Record a vehicle inspection (dealer staff).")
    async def record_inspection(
        self, info: Info, input: RecordInspectionInput
    ) -> InspectionPayload:
        async def run(viewer: Any) -> InspectionPayload:
            row = await inspections.record_inspection(
                actor=viewer,
                vehicle_id=_key(input.vehicle_id, "Vehicle", "vehicleId"),
                passed=input.passed,
                checklist=[
                    inspections.ChecklistItem(item.item, item.passed) for item in input.checklist
                ],
                notes=input.notes,
                inspected_on=input.inspected_on,
            )
            return InspectionPayload(inspection=InspectionNode.from_model(row))

        return await _run(info, run, InspectionPayload)  # type: ignore[no-any-return]
