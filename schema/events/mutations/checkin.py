"""Check-in at the meeting point (organizers and crew): a scanned code, or by hand."""

from __future__ import annotations

import strawberry
from strawberry import relay

from schema.core.context import Info
from schema.core.ids import Id
from schema.core.runner import run
from schema.events.mutations.payloads import CheckInPayload
from schema.events.types import EventNode, RegistrationNode
from services.events import checkin


@strawberry.input(description="A scanned check-in code.")
class CheckInInput:
    event_id: relay.GlobalID = strawberry.field(description="The event being checked in.")
    code: str = strawberry.field(description="The QR payload shown by the member.")


@strawberry.input(description="A registration to check in by hand.")
class CheckInRegistrationInput:
    registration_id: relay.GlobalID = strawberry.field(description="The registration.")


@strawberry.type
class CheckInMutations:
    @strawberry.mutation(
        description="Check in the registration behind a scanned code (organizers and crew). "
        "Scanning the same code again returns the same result."
    )
    async def check_in(self, info: Info, input: CheckInInput) -> CheckInPayload:
        return await run(
            info,
            CheckInPayload,
            checkin.check_in,
            event_id=Id(input.event_id, EventNode),
            code=input.code,
        )

    @strawberry.mutation(description="Check in a registration by hand (organizers and crew).")
    async def check_in_registration(
        self, info: Info, input: CheckInRegistrationInput
    ) -> CheckInPayload:
        return await run(
            info,
            CheckInPayload,
            checkin.check_in_registration,
            registration_id=Id(input.registration_id, RegistrationNode),
        )
