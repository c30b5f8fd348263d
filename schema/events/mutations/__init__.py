"""Event mutations, one module per part of an event's life: lifecycle, sign-up, check-in,
completion, support, inspections. ``compose`` puts the last root mixin first, so
``schema/__init__.py`` lists these in reverse to show them in the SDL in this order."""

from __future__ import annotations

from schema.events.mutations.checkin import CheckInMutations
from schema.events.mutations.completion import CompletionMutations
from schema.events.mutations.inspections import InspectionMutations
from schema.events.mutations.lifecycle import EventLifecycleMutations
from schema.events.mutations.signup import SignUpMutations
from schema.events.mutations.support import SupportMutations

__all__ = [
    "CheckInMutations",
    "CompletionMutations",
    "EventLifecycleMutations",
    "InspectionMutations",
    "SignUpMutations",
    "SupportMutations",
]
