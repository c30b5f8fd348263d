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
from services.events.completion import Outcome
from services.events.series import EditScope

strawberry.enum(
    EventStatus, name="EventStatus", description="Where an event stands: DRAFT until published."
)
strawberry.enum(
    RegistrationStatus,
    name="RegistrationStatus",
    description="Where a sign-up stands. CONFIRMED, OFFERED, CHECKED_IN and COMPLETED hold a "
    "seat; WAITLISTED waits for one; an OFFERED seat must be accepted before it expires.",
)
strawberry.enum(
    OrganizerRole,
    name="OrganizerRole",
    description="ORGANIZER and CO_ORGANIZER run the event; CREW answers assistance requests.",
)
strawberry.enum(
    AssistanceIssue, name="AssistanceIssue", description="What a participant needs help with."
)
strawberry.enum(
    AssistanceStatus,
    name="AssistanceStatus",
    description="OPEN until the crew acknowledges it, RESOLVED once handled.",
)
strawberry.enum(
    Outcome,
    name="CompletionOutcome",
    description="COMPLETED (finished the event: earns points) or NO_SHOW (never came).",
)

EventStatusEnum = EventStatus
RegistrationStatusEnum = RegistrationStatus
OrganizerRoleEnum = OrganizerRole
AssistanceIssueEnum = AssistanceIssue
AssistanceStatusEnum = AssistanceStatus
CompletionOutcomeEnum = Outcome

strawberry.enum(
    EditScope,
    name="SeriesEditScope",
    description="Which occurrences a series edit changes: ONE, THIS_AND_FOLLOWING (the named "
    "occurrence and every later one, and the template) or ALL (every upcoming one, and the "
    "template).",
)
SeriesEditScopeEnum = EditScope
