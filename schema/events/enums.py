"""The enums of the events domain. ``strawberry.enum`` registers the GraphQL enum on the
model's enum class itself, so the names below are those classes (valid annotations)."""

from __future__ import annotations

import strawberry

from models.events import (
    AssistanceIssue,
    AssistanceStatus,
    EventStatus,
    OrganizerRole,
    RegistrationStatus,
)
from schema.core.enums import describe_values
from services.events.completion import Outcome

strawberry.enum(
    EventStatus, name="EventStatus", description="Where an event stands: DRAFT until published."
)
describe_values(
    EventStatus,
    {
        "DRAFT": "Seen by its organizers only.",
        "PUBLISHED": "Open to see and, in its window, to sign up.",
        "CANCELLED": "Called off; registrations were released.",
        "COMPLETED": "Over and closed by its organizers.",
    },
)
strawberry.enum(
    RegistrationStatus,
    name="RegistrationStatus",
    description="Where a sign-up stands. CONFIRMED, OFFERED, CHECKED_IN and COMPLETED hold a "
    "seat; WAITLISTED waits for one; an OFFERED seat must be accepted before it expires.",
)
describe_values(
    RegistrationStatus,
    {
        "CONFIRMED": "Holds a seat.",
        "WAITLISTED": "Waits for a seat.",
        "OFFERED": "Offered a freed seat; accept before the offer expires.",
        "CANCELLED": "Cancelled by the member or the event.",
        "CHECKED_IN": "Checked in at the meeting point; holds a seat.",
        "COMPLETED": "Finished the event; earned its rewards.",
        "NO_SHOW": "Never came.",
    },
)
strawberry.enum(
    OrganizerRole,
    name="OrganizerRole",
    description="ORGANIZER and CO_ORGANIZER run the event; CREW answers assistance requests.",
)
describe_values(
    OrganizerRole,
    {
        "ORGANIZER": "Runs the event.",
        "CO_ORGANIZER": "Runs the event with the organizer.",
        "CREW": "Answers assistance requests during the event.",
    },
)
strawberry.enum(
    AssistanceIssue, name="AssistanceIssue", description="What a participant needs help with."
)
describe_values(
    AssistanceIssue,
    {
        "STUCK": "The vehicle is stuck.",
        "BREAKDOWN": "The vehicle broke down.",
        "MEDICAL": "Someone needs medical help.",
        "OTHER": "Something else (see the details).",
    },
)
strawberry.enum(
    AssistanceStatus,
    name="AssistanceStatus",
    description="OPEN until the crew acknowledges it, RESOLVED once handled.",
)
describe_values(
    AssistanceStatus,
    {
        "OPEN": "Raised; no one has acknowledged it yet.",
        "ACKNOWLEDGED": "The crew is on it.",
        "RESOLVED": "Handled.",
    },
)
strawberry.enum(
    Outcome,
    name="CompletionOutcome",
    description="COMPLETED (finished the event: earns points) or NO_SHOW (never came).",
)
describe_values(
    Outcome,
    {
        "COMPLETED": "Finished the event: earns its points and badges.",
        "NO_SHOW": "Never came.",
    },
)

EventStatusEnum = EventStatus
RegistrationStatusEnum = RegistrationStatus
OrganizerRoleEnum = OrganizerRole
AssistanceIssueEnum = AssistanceIssue
AssistanceStatusEnum = AssistanceStatus
CompletionOutcomeEnum = Outcome
