"""Event mutations: running events (organizers) and signing up (members)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from models.events import Event, Registration
from schema.core.context import Info
from schema.core.errors import user_errors
from schema.core.ids import decode_id
from schema.events import inputs as i
from schema.events.types import EventNode, RegistrationNode
from services.errors import DomainError
from services.events import events, signup, waitlist

_CAMEL = {"minTier": "min_tier", "requiredBadges": "required_badges",
          "requiredDrivetrain": "required_drivetrain",
          "inspectionWithinDays": "inspection_within_days"}  # fmt: skip
_SPEC = ("title", "description", "time_zone", "starts_at", "ends_at", "meeting_city", "capacity",
         "signup_opens_at", "signup_closes_at", "cancel_deadline", "fee_points",
         "offer_window_hours", "min_tier", "required_badges", "required_drivetrain",
         "inspection_within_days")  # fmt: skip


def _event_id(value: Any) -> int:
    return decode_id(str(value), "Event", field="event_id")


def _registration_id(value: Any) -> int:
    return decode_id(str(value), "Registration", field="registration_id")


async def _event(info: Info, run: Callable[[Any], Awaitable[Event]]) -> i.EventPayload:
    viewer = await info.context.require_viewer()
    try:
        row = await run(viewer)
    except DomainError as error:
        return i.EventPayload(errors=user_errors(error, info.context.locale))
    return i.EventPayload(event=EventNode.from_model(row))


async def _registration(
    info: Info, run: Callable[[Any], Awaitable[Registration]]
) -> i.RegistrationPayload:
    viewer = await info.context.require_viewer()
    try:
        row = await run(viewer)
    except DomainError as error:
        return i.RegistrationPayload(errors=user_errors(error, info.context.locale))
    return i.RegistrationPayload(registration=RegistrationNode.from_model(row))


@strawberry.type
class EventMutations:
    @strawberry.mutation(
        description="Create a DRAFT event in a circle you own or moderate; you become its "
        "ORGANIZER."
    )
    async def create_event(self, info: Info, input: i.CreateEventInput) -> i.EventPayload:
        async def run(viewer: Any) -> Event:
            values = {name: getattr(input, name) for name in _SPEC}
            return await events.create_event(
                actor=viewer,
                circle_id=decode_id(str(input.circle_id), "Circle", field="circle_id"),
                route_id=decode_id(str(input.route_id), "Route", field="route_id"),
                **values,
            )

        return await _event(info, run)

    @strawberry.mutation(
        description="Change an event. Registrants of a published event are notified when its "
        "time, meeting city or route changes."
    )
    async def update_event(self, info: Info, input: i.UpdateEventInput) -> i.EventPayload:
        async def run(viewer: Any) -> Event:
            changes = {name: getattr(input, name) for name in _SPEC}
            if input.route_id is not None:
                changes["route_id"] = decode_id(str(input.route_id), "Route", field="route_id")
            clear = [_CAMEL.get(name, name) for name in input.clear or []]
            return await events.update_event(
                actor=viewer, event_id=_event_id(input.event_id), clear=clear, **changes
            )

        return await _event(info, run)

    @strawberry.mutation(description="Publish a DRAFT event, opening it for sign-up.")
    async def publish_event(self, info: Info, input: i.EventInput) -> i.EventPayload:
        return await _event(
            info, lambda v: events.publish_event(actor=v, event_id=_event_id(input.event_id))
        )

    @strawberry.mutation(
        description="Cancel an event: every registration is cancelled, held fees are released "
        "and registrants are notified."
    )
    async def cancel_event(self, info: Info, input: i.CancelEventInput) -> i.EventPayload:
        return await _event(
            info,
            lambda v: events.cancel_event(
                actor=v, event_id=_event_id(input.event_id), reason=input.reason
            ),
        )

    @strawberry.mutation(description="Designate a member as organizer, co-organizer or crew.")
    async def set_event_organizer(
        self, info: Info, input: i.SetEventOrganizerInput
    ) -> i.EventPayload:
        async def run(viewer: Any) -> Event:
            event_id = _event_id(input.event_id)
            await events.set_organizer(
                actor=viewer, event_id=event_id, role=input.role,
                member_id=decode_id(str(input.member_id), "Member", field="member_id"),
            )  # fmt: skip
            return await Event.get(id=event_id)

        return await _event(info, run)

    @strawberry.mutation(description="Take a member off an event's organizers and crew.")
    async def remove_event_organizer(
        self, info: Info, input: i.RemoveEventOrganizerInput
    ) -> i.EventPayload:
        async def run(viewer: Any) -> Event:
            event_id = _event_id(input.event_id)
            await events.remove_organizer(
                actor=viewer, event_id=event_id,
                member_id=decode_id(str(input.member_id), "Member", field="member_id"),
            )  # fmt: skip
            return await Event.get(id=event_id)

        return await _event(info, run)

    @strawberry.mutation(
        description="Sign up with one of your vehicles: CONFIRMED (fee held) while seats last, "
        "else WAITLISTED in order. Retrying with the same idempotencyKey returns the same "
        "registration."
    )
    async def sign_up_for_event(
        self, info: Info, input: i.SignUpForEventInput
    ) -> i.RegistrationPayload:
        async def run(viewer: Any) -> Registration:
            done = await signup.sign_up(
                actor=viewer,
                event_id=_event_id(input.event_id),
                vehicle_id=decode_id(str(input.vehicle_id), "Vehicle", field="vehicle_id"),
                passengers=input.passengers,
                idempotency_key=input.idempotency_key,
            )
            return done.registration

        return await _registration(info, run)

    @strawberry.mutation(
        description="Cancel your registration. The fee is released before the event's cancel "
        "deadline and kept after it; a freed seat is offered to the waitlist."
    )
    async def cancel_registration(
        self, info: Info, input: i.RegistrationInput
    ) -> i.RegistrationPayload:
        return await _registration(
            info,
            lambda v: waitlist.cancel_registration(
                actor=v, registration_id=_registration_id(input.registration_id)
            ),
        )

    @strawberry.mutation(
        description="Accept a seat offered to you from the waitlist (the fee is held). When "
        "you cannot pay, the seat passes to the next in line."
    )
    async def accept_offer(self, info: Info, input: i.RegistrationInput) -> i.RegistrationPayload:
        return await _registration(
            info,
            lambda v: waitlist.accept_offer(
                actor=v, registration_id=_registration_id(input.registration_id)
            ),
        )

    @strawberry.mutation(description="Turn down an offered seat; it goes to the next in line.")
    async def decline_offer(self, info: Info, input: i.RegistrationInput) -> i.RegistrationPayload:
        return await _registration(
            info,
            lambda v: waitlist.decline_offer(
                actor=v, registration_id=_registration_id(input.registration_id)
            ),
        )

    @strawberry.mutation(
        description="Organizers: seat a waitlisted registration out of turn when a seat is free."
    )
    async def confirm_from_waitlist(
        self, info: Info, input: i.RegistrationInput
    ) -> i.RegistrationPayload:
        return await _registration(
            info,
            lambda v: waitlist.confirm_from_waitlist(
                actor=v, registration_id=_registration_id(input.registration_id)
            ),
        )
