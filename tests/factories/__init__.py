"""Builders of test data, one per model, written straight to the database so that each test
spends its requests on the behaviour it is about. Each takes keyword overrides of its
defaults; the modules follow the domains."""

from tests.factories.accounts import make_admin, make_refresh_token
from tests.factories.badges import award_badge, make_badge
from tests.factories.circles import make_circle, make_membership, make_post, make_route_proposal
from tests.factories.events import (
    complete_event,
    driver,
    event_row,
    event_starting_in,
    make_event,
    make_inspection,
    make_organizer,
    make_registration,
    started_event,
)
from tests.factories.loyalty import contribute, fund, make_dealer_staff, make_reward
from tests.factories.members import (
    SignedIn,
    make_audit_entry,
    make_data_export,
    make_member,
    make_members,
    make_members_in_bulk,
    make_vehicle,
    make_vehicle_model,
    member_of,
)
from tests.factories.notifications import make_notification, send_notifications
from tests.factories.routes import make_route

__all__ = [
    "SignedIn",
    "award_badge",
    "complete_event",
    "contribute",
    "driver",
    "event_row",
    "event_starting_in",
    "fund",
    "make_admin",
    "make_audit_entry",
    "make_badge",
    "make_circle",
    "make_data_export",
    "make_dealer_staff",
    "make_event",
    "make_inspection",
    "make_member",
    "make_membership",
    "make_members",
    "make_members_in_bulk",
    "make_notification",
    "make_organizer",
    "make_post",
    "make_refresh_token",
    "make_registration",
    "make_reward",
    "make_route",
    "make_route_proposal",
    "make_vehicle",
    "make_vehicle_model",
    "member_of",
    "send_notifications",
    "started_event",
]
