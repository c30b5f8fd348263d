"""What the event mutations answer with: the changed object(s), then ``errors``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

import strawberry

from models.events import Registration
from schema.core.payload import Payload
from schema.events.assistance_types import AssistanceRequestNode
from schema.events.feedback_types import EventFeedbackType
from schema.events.inspection_types import InspectionNode
from schema.events.types import EventNode, RegistrationNode
from services.events.checkin import CheckedIn


@strawberry.type(description="Result of a change to an event.")
class EventPayload(Payload):
    event: EventNode | None = strawberry.field(default=None, description="The event now.")


@strawberry.type(description="Result of a change to a registration.")
class RegistrationPayload(Payload):
    registration: RegistrationNode | None = strawberry.field(
        default=None, description="The registration now (its event has the live counts)."
    )


@strawberry.type(description="Result of a check-in.")
class CheckInPayload(Payload):
    registration: RegistrationNode | None = strawberry.field(
        default=None, description="The registration now."
    )
    replayed: bool = strawberry.field(
        default=False, description="It was already checked in: nothing changed."
    )

    @classmethod
    def of(cls, result: CheckedIn) -> Self:
        return cls(
            registration=RegistrationNode.from_model(result.registration),
            replayed=result.replayed,
        )


@strawberry.type(description="Result of completing registrations.")
class CompleteRegistrationsPayload(Payload):
    registrations: list[RegistrationNode] = strawberry.field(
        default_factory=list, description="The listed registrations as they now stand."
    )

    @classmethod
    def of(cls, result: Sequence[Registration]) -> Self:
        return cls(registrations=[RegistrationNode.from_model(row) for row in result])


@strawberry.type(description="Result of closing an event.")
class CompleteEventPayload(Payload):
    event: EventNode | None = strawberry.field(default=None, description="The event now.")


@strawberry.type(description="Result of leaving feedback.")
class EventFeedbackPayload(Payload):
    feedback: EventFeedbackType | None = strawberry.field(default=None, description="It.")


@strawberry.type(description="Result of a change to an assistance request.")
class AssistancePayload(Payload):
    request: AssistanceRequestNode | None = strawberry.field(
        default=None, description="The request now."
    )


@strawberry.type(description="Result of recording an inspection.")
class InspectionPayload(Payload):
    inspection: InspectionNode | None = strawberry.field(default=None, description="It.")
