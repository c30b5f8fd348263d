"""Off-road events: events on routes, organizers, registrations, pre-trip inspections,
feedback, crew assistance requests and sent reminders."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from models.members import Drivetrain

if TYPE_CHECKING:
    from models.circles import Circle
    from models.members import Member, Vehicle
    from models.routes import Route


class EventStatus(StrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    CANCELLED = "CANCELLED"
    COMPLETED = "COMPLETED"


class RegistrationStatus(StrEnum):
    CONFIRMED = "CONFIRMED"
    WAITLISTED = "WAITLISTED"
    OFFERED = "OFFERED"
    CANCELLED = "CANCELLED"
    CHECKED_IN = "CHECKED_IN"
    COMPLETED = "COMPLETED"
    NO_SHOW = "NO_SHOW"


#: Statuses that occupy a vehicle seat (``events.seats_taken`` counts exactly these).
SEATED = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.OFFERED,
    RegistrationStatus.CHECKED_IN,
    RegistrationStatus.COMPLETED,
)


class Event(Model):
    """An event in a circle, run on a catalog route."""

    id = fields.BigIntField(primary_key=True)
    circle: fields.ForeignKeyRelation[Circle] = fields.ForeignKeyField(
        "models.Circle", related_name="events", on_delete=fields.RESTRICT
    )
    circle_id: int
    route: fields.ForeignKeyRelation[Route] = fields.ForeignKeyField(
        "models.Route", related_name="events", on_delete=fields.RESTRICT
    )
    route_id: int
    title = fields.CharField(max_length=80)
    description = fields.TextField(default="")
    status = fields.CharEnumField(EventStatus, max_length=10, default=EventStatus.DRAFT)
    #: IANA time zone the event is held in, e.g. Asia/Shanghai, times below are UTC instants.
    time_zone = fields.CharField(max_length=64, default="Asia/Shanghai")
    starts_at = fields.DatetimeField(db_index=True)
    ends_at = fields.DatetimeField()
    meeting_city = fields.CharField(max_length=64, db_index=True)
    #: Vehicle slots.
    capacity = fields.IntField()
    #: Registrations holding a seat (CONFIRMED, OFFERED, CHECKED_IN, COMPLETED), moved only by
    #: conditional atomic updates that keep it at most ``capacity``.
    seats_taken = fields.IntField(default=0)
    #: Registrations WAITLISTED now.
    waitlist_length = fields.IntField(default=0)
    #: Last waitlist sequence number handed out, so positions follow sign-up order.
    waitlist_seq = fields.IntField(default=0)
    signup_opens_at = fields.DatetimeField()
    signup_closes_at = fields.DatetimeField()
    #: Cancelling after this keeps (captures) the fee.
    cancel_deadline = fields.DatetimeField()
    #: Points held at sign-up, captured at check-in, 0 for a free event.
    fee_points = fields.IntField(default=0)
    #: How long a waitlist offer stays open.
    offer_window_hours = fields.IntField(default=48)
    #: Check-in opens this many hours before the start and closes at the end.
    checkin_opens_hours_before = fields.IntField(
        default=2, description="Check-in opens this many hours before the start."
    )
    #: Requirements: tier code (STANDARD, SILVER, GOLD, DIAMOND), badge keys, drivetrain, and a
    #: passed inspection no older than this many days before the start.
    min_tier = fields.CharField(max_length=16, null=True)
    required_badges: list[str] = fields.JSONField(default=list)  # type: ignore[assignment]
    required_drivetrain = fields.CharEnumField(Drivetrain, max_length=3, null=True)
    inspection_within_days = fields.IntField(null=True)
    created_by: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="created_events", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    published_at = fields.DatetimeField(null=True)
    cancelled_at = fields.DatetimeField(null=True)
    cancel_reason = fields.CharField(max_length=500, default="")
    completed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "events"
        indexes = [("status", "starts_at"), ("circle_id", "starts_at")]


class OrganizerRole(StrEnum):
    ORGANIZER = "ORGANIZER"
    CO_ORGANIZER = "CO_ORGANIZER"
    CREW = "CREW"


class EventOrganizer(Model):
    """A member designated to run an event (circle owners and moderators may too)."""

    id = fields.BigIntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="organizers", on_delete=fields.CASCADE
    )
    event_id: int
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="organized_events", on_delete=fields.CASCADE
    )
    member_id: int
    role = fields.CharEnumField(OrganizerRole, max_length=12, default=OrganizerRole.ORGANIZER)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "event_organizers"
        unique_together = (("event", "member"),)


class Registration(Model):
    """A member's sign-up for an event with one vehicle."""

    id = fields.BigIntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="registrations", on_delete=fields.RESTRICT
    )
    event_id: int
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="registrations", on_delete=fields.RESTRICT
    )
    member_id: int
    vehicle: fields.ForeignKeyNullableRelation[Vehicle] = fields.ForeignKeyField(
        "models.Vehicle", related_name="registrations", null=True, on_delete=fields.SET_NULL
    )
    vehicle_id: int | None
    passengers = fields.SmallIntField(default=0)
    status = fields.CharEnumField(RegistrationStatus, max_length=10)
    #: Order on the waitlist, NULL once off it.
    waitlist_seq = fields.IntField(null=True)
    #: Loyalty hold reference for the fee, NULL for free events.
    fee_hold_key = fields.CharField(max_length=128, null=True)
    #: Random part of the signed check-in code, replaced when a code must stop working.
    checkin_nonce = fields.CharField(max_length=32)
    offered_at = fields.DatetimeField(null=True)
    offer_expires_at = fields.DatetimeField(null=True, db_index=True)
    confirmed_at = fields.DatetimeField(null=True)
    checked_in_at = fields.DatetimeField(null=True)
    completed_at = fields.DatetimeField(null=True, db_index=True)
    cancelled_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "event_registrations"
        indexes = [("event_id", "status"), ("member_id", "status")]


class Inspection(Model):
    """A pre-trip inspection of a vehicle recorded by a dealer."""

    id = fields.BigIntField(primary_key=True)
    vehicle: fields.ForeignKeyRelation[Vehicle] = fields.ForeignKeyField(
        "models.Vehicle", related_name="inspections", on_delete=fields.CASCADE
    )
    vehicle_id: int
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="inspections", on_delete=fields.CASCADE
    )
    member_id: int
    #: Account of the dealer staff who recorded it.
    inspector_account_id = fields.BigIntField(null=True)
    dealer_code = fields.CharField(max_length=32, null=True)
    passed = fields.BooleanField()
    #: Checklist item key to result (true passed).
    checklist: dict[str, bool] = fields.JSONField(default=dict)  # type: ignore[assignment]
    notes = fields.CharField(max_length=2000, default="")
    inspected_on = fields.DateField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "vehicle_inspections"
        indexes = [("vehicle_id", "inspected_on")]


class EventFeedback(Model):
    """A participant's feedback after completing an event, one per registration."""

    id = fields.BigIntField(primary_key=True)
    registration: fields.OneToOneRelation[Registration] = fields.OneToOneField(
        "models.Registration", related_name="feedback", on_delete=fields.CASCADE
    )
    registration_id: int
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="feedback", on_delete=fields.CASCADE
    )
    event_id: int
    rating = fields.SmallIntField()
    nps = fields.SmallIntField()
    comment = fields.CharField(max_length=2000, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "event_feedback"


class AssistanceIssue(StrEnum):
    STUCK = "STUCK"
    BREAKDOWN = "BREAKDOWN"
    MEDICAL = "MEDICAL"
    OTHER = "OTHER"


class AssistanceStatus(StrEnum):
    OPEN = "OPEN"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    RESOLVED = "RESOLVED"


class AssistanceRequest(Model):
    """A participant's call for help during an event, answered by the crew."""

    id = fields.BigIntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="assistance_requests", on_delete=fields.CASCADE
    )
    event_id: int
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="assistance_requests", on_delete=fields.CASCADE
    )
    member_id: int
    issue = fields.CharEnumField(AssistanceIssue, max_length=10)
    #: Free text ("K23 past the second dune"), never coordinates.
    location = fields.CharField(max_length=200)
    details = fields.CharField(max_length=1000, default="")
    status = fields.CharEnumField(AssistanceStatus, max_length=12, default=AssistanceStatus.OPEN)
    acknowledged_at = fields.DatetimeField(null=True)
    acknowledged_by_id = fields.BigIntField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    resolved_by_id = fields.BigIntField(null=True)
    resolution = fields.CharField(max_length=1000, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "assistance_requests"
        indexes = [("event_id", "status")]


class EventReminder(Model):
    """Marks one reminder sent for one registration, so a rerun of the job sends nothing."""

    id = fields.BigIntField(primary_key=True)
    registration_id = fields.BigIntField()
    #: ``24H`` or ``2H``.
    kind = fields.CharField(max_length=8)
    sent_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "event_reminders"
        unique_together = (("registration_id", "kind"),)


#: Invariants PostgreSQL enforces beside the services' conditional updates.
POSTGRES_DDL: list[str] = [
    "ALTER TABLE events ADD CONSTRAINT events_seats_within_capacity CHECK "
    "(seats_taken >= 0 AND seats_taken <= capacity AND waitlist_length >= 0)",
    "ALTER TABLE events ADD CONSTRAINT events_capacity_positive CHECK (capacity > 0)",
    "ALTER TABLE events ADD CONSTRAINT events_fee_non_negative CHECK (fee_points >= 0)",
    "ALTER TABLE events ADD CONSTRAINT events_times_ordered CHECK "
    "(ends_at > starts_at AND signup_opens_at < signup_closes_at)",
    "CREATE UNIQUE INDEX IF NOT EXISTS event_registrations_one_active ON event_registrations "
    "(event_id, member_id) WHERE status <> 'CANCELLED'",
    "ALTER TABLE event_registrations ADD CONSTRAINT event_registrations_passengers CHECK "
    "(passengers BETWEEN 0 AND 8)",
    "ALTER TABLE event_feedback ADD CONSTRAINT event_feedback_ranges CHECK "
    "(rating BETWEEN 1 AND 5 AND nps BETWEEN 0 AND 10)",
]

#: SQLite keeps the same one-active-registration rule and the seat bound.
SQLITE_DDL: list[str] = [
    "CREATE UNIQUE INDEX IF NOT EXISTS event_registrations_one_active ON event_registrations "
    "(event_id, member_id) WHERE status <> 'CANCELLED'",
    """CREATE TRIGGER IF NOT EXISTS events_seats_within_capacity
    BEFORE UPDATE OF seats_taken, waitlist_length ON events
    WHEN NEW.seats_taken < 0 OR NEW.seats_taken > NEW.capacity OR NEW.waitlist_length < 0
    BEGIN SELECT RAISE(ABORT, 'events_seats_within_capacity'); END""",
]
