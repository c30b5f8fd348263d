"""Signing up for an event and what follows on the waitlist: cancelling, taking up or turning
down an offered seat, and an organizer seating someone out of turn."""

from __future__ import annotations

import strawberry
from strawberry import relay

from models.events import Registration
from schema.core.context import Info
from schema.core.ids import Id
from schema.core.runner import run
from schema.events.mutations.payloads import RegistrationPayload
from schema.events.types import EventNode, RegistrationNode
from schema.members.vehicles import VehicleNode
from services.core.actors import Actor
from services.events import signup, waitlist


@strawberry.input(description="Sign up for an event with one of your vehicles.")
class SignUpForEventInput:
    event_id: relay.GlobalID = strawberry.field(description="The event.")
    vehicle_id: relay.GlobalID = strawberry.field(description="A vehicle of your garage.")
    passengers: int = strawberry.field(default=0, description="Passengers besides you (0-8).")
    idempotency_key: str = strawberry.field(
        description="Client key: a retry with it returns the first result."
    )


@strawberry.input(description="Names a registration.")
class RegistrationInput:
    registration_id: relay.GlobalID = strawberry.field(description="The registration.")


async def _sign_up(
    *, actor: Actor, event_id: int, vehicle_id: int, passengers: int, idempotency_key: str
) -> Registration:
    done = await signup.sign_up(
        actor=actor,
        event_id=event_id,
        vehicle_id=vehicle_id,
        passengers=passengers,
        idempotency_key=idempotency_key,
    )
    return done.registration


@strawberry.type
class SignUpMutations:
    @strawberry.mutation(
        description="Sign up with one of your vehicles: CONFIRMED (fee held) while seats last, "
        "else WAITLISTED in order. Retrying with the same idempotencyKey returns the same "
        "registration."
    )
    async def sign_up_for_event(
        self, info: Info, input: SignUpForEventInput
    ) -> RegistrationPayload:
        return await run(
            info,
            RegistrationPayload,
            _sign_up,
            event_id=Id(input.event_id, EventNode),
            vehicle_id=Id(input.vehicle_id, VehicleNode),
            passengers=input.passengers,
            idempotency_key=input.idempotency_key,
        )

    @strawberry.mutation(
        description="Cancel your registration. The fee is released before the event's cancel "
        "deadline and kept after it; a freed seat is offered to the waitlist."
    )
    async def cancel_registration(
        self, info: Info, input: RegistrationInput
    ) -> RegistrationPayload:
        return await run(
            info,
            RegistrationPayload,
            waitlist.cancel_registration,
            registration_id=Id(input.registration_id, RegistrationNode),
        )

    @strawberry.mutation(
        description="Accept a seat offered to you from the waitlist (the fee is held). When "
        "you cannot pay, the seat passes to the next in line."
    )
    async def accept_offer(self, info: Info, input: RegistrationInput) -> RegistrationPayload:
        return await run(
            info,
            RegistrationPayload,
            waitlist.accept_offer,
            registration_id=Id(input.registration_id, RegistrationNode),
        )

    @strawberry.mutation(description="Turn down an offered seat; it goes to the next in line.")
    async def decline_offer(self, info: Info, input: RegistrationInput) -> RegistrationPayload:
        return await run(
            info,
            RegistrationPayload,
            waitlist.decline_offer,
            registration_id=Id(input.registration_id, RegistrationNode),
        )

    @strawberry.mutation(
        description="Organizers: seat a waitlisted registration out of turn when a seat is free."
    )
    async def confirm_from_waitlist(
        self, info: Info, input: RegistrationInput
    ) -> RegistrationPayload:
        return await run(
            info,
            RegistrationPayload,
            waitlist.confirm_from_waitlist,
            registration_id=Id(input.registration_id, RegistrationNode),
        )
