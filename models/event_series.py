"""Organizer and member tools around events: recurring series and their followers, calendar
feed keys, live notices on the day, capacity alerts and seat watches."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.circles import Circle
    from models.events import Event
    from models.members import Member
    from models.routes import Route


class SeriesStatus(StrEnum):
    ACTIVE = "ACTIVE"
    ENDED = "ENDED"


class EventSeries(Model):
    """A recurring event: an RFC 5545 rule over local dates, the time of day, and the template
    every occurrence is created from ahead of time by the ``events.expand_series`` job."""

    id = fields.BigIntField(primary_key=True)
    circle: fields.ForeignKeyRelation[Circle] = fields.ForeignKeyField(
        "models.Circle", related_name="event_series", on_delete=fields.RESTRICT
    )
    circle_id: int
    route: fields.ForeignKeyRelation[Route] = fields.ForeignKeyField(
        "models.Route", related_name="event_series", on_delete=fields.RESTRICT
    )
    route_id: int
    created_by: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="created_series", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    status = fields.CharEnumField(SeriesStatus, max_length=8, default=SeriesStatus.ACTIVE)
    #: RRULE value without DTSTART, COUNT or UNTIL (daily or coarser frequency).
    rule = fields.CharField(max_length=255)
    #: First local date the rule counts from.
    starts_on = fields.DateField()
    #: Local time of day every occurrence starts at, ``HH:MM``.
    start_time = fields.CharField(max_length=5)
    duration_minutes = fields.IntField()
    #: The series ends after this many occurrences, or with the last one on or before
    #: ``until`` (exactly one of the two is set).
    count = fields.IntField(null=True)
    until = fields.DateField(null=True)
    #: Local dates left out (RFC 5545 EXDATE), ``YYYY-MM-DD`` strings.
    exceptions: list[str] = fields.JSONField(default=list)  # type: ignore[assignment]
    #: How far ahead occurrences are created.
    horizon_days = fields.IntField(default=60)
    #: Sign-up opens this many hours before the start, closes this many before it, and
    #: cancelling keeps the fee from this many before it.
    signup_opens_hours = fields.IntField(default=336)
    signup_closes_hours = fields.IntField(default=2)
    cancel_deadline_hours = fields.IntField(default=24)
    #: Occurrences are created PUBLISHED (else DRAFT, for the organizer to publish).
    auto_publish = fields.BooleanField(default=True)
    title = fields.CharField(max_length=80)
    description = fields.TextField(default="")
    time_zone = fields.CharField(max_length=64)
    meeting_city = fields.CharField(max_length=64)
    capacity = fields.IntField()
    fee_points = fields.IntField(default=0)
    offer_window_hours = fields.IntField(default=48)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "event_series"


class SeriesFollow(Model):
    """A member who wants to hear when a new occurrence of a series opens for sign-up."""

    id = fields.BigIntField(primary_key=True)
    series: fields.ForeignKeyRelation[EventSeries] = fields.ForeignKeyField(
        "models.EventSeries", related_name="follows", on_delete=fields.CASCADE
    )
    series_id: int
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="series_follows", on_delete=fields.CASCADE
    )
    member_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "event_series_follows"
        unique_together = (("series", "member"),)


class CalendarFeedKey(Model):
    """The version of a member's private calendar URL: the URL carries an HMAC of the member
    and this version, so rotating (a new version) voids every URL handed out before."""

    id = fields.BigIntField(primary_key=True)
    member: fields.OneToOneRelation[Member] = fields.OneToOneField(
        "models.Member", related_name="calendar_feed_key", on_delete=fields.CASCADE
    )
    member_id: int
    version = fields.IntField(default=1)
    rotated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "calendar_feed_keys"


class NoticeKind(StrEnum):
    #: Posted by organizers or crew to everyone on the event.
    ANNOUNCEMENT = "ANNOUNCEMENT"
    #: A participant tells the organizers they are late.
    RUNNING_LATE = "RUNNING_LATE"
    #: A participant tells the organizers they cannot come (their seat is freed).
    CANT_MAKE_IT = "CANT_MAKE_IT"


class EventNotice(Model):
    """A short live notice on an event: an announcement to everyone on it, or a participant's
    word to its organizers."""

    id = fields.BigIntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="notices", on_delete=fields.CASCADE
    )
    event_id: int
    author: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="event_notices", null=True, on_delete=fields.SET_NULL
    )
    author_id: int | None
    kind = fields.CharEnumField(NoticeKind, max_length=12)
    message = fields.CharField(max_length=280, default="")
    #: RUNNING_LATE: how late the member expects to be.
    minutes_late = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "event_notices"
        indexes = [("event_id", "id")]


class EventAlert(Model):
    """One capacity alert sent to an event's organizers (``FILL`` or ``WAITLIST``): unique per
    event and kind, so it fires once however often the job runs."""

    id = fields.BigIntField(primary_key=True)
    event_id = fields.BigIntField()
    kind = fields.CharField(max_length=10)
    sent_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "event_alerts"
        unique_together = (("event_id", "kind"),)


class SeatWatch(Model):
    """A member who wants to be told once when a full event has a free seat, without joining
    the waitlist; removed when they are told."""

    id = fields.BigIntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="seat_watches", on_delete=fields.CASCADE
    )
    event_id: int
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="seat_watches", on_delete=fields.CASCADE
    )
    member_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "event_seat_watches"
        unique_together = (("event", "member"),)
