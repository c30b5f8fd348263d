"""Event series and their followers, calendar feed keys, live notices, capacity alerts, seat
watches; events learn their series, calendar sequence and alert settings; registrations an
emergency contact."""

import functools
from enum import StrEnum
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import UniqueConstraint


# The enums as they stood when this migration was written. Copies, not imports: a later
# change to a model's enum must not change what this migration describes.
class NoticeKind(StrEnum):
    ANNOUNCEMENT = "ANNOUNCEMENT"
    RUNNING_LATE = "RUNNING_LATE"
    CANT_MAKE_IT = "CANT_MAKE_IT"


class SeriesStatus(StrEnum):
    ACTIVE = "ACTIVE"
    ENDED = "ENDED"


class Migration(migrations.Migration):
    dependencies = [("models", "0010_checkin_window")]

    initial = False

    operations = [
        ops.CreateModel(
            name="CalendarFeedKey",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "member",
                    fields.OneToOneField(
                        "models.Member",
                        source_field="member_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="calendar_feed_key",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("version", fields.IntField(default=1)),
                ("rotated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "calendar_feed_keys",
                "app": "models",
                "pk_attr": "id",
                "table_description": "The version of a member's private calendar URL: the URL carries an HMAC of the member",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="EventAlert",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("event_id", fields.BigIntField()),
                ("kind", fields.CharField(max_length=10)),
                ("sent_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "event_alerts",
                "app": "models",
                "unique_together": (("event_id", "kind"),),
                "pk_attr": "id",
                "table_description": "One capacity alert sent to an event's organizers (``FILL`` or ``WAITLIST``): unique per",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="EventNotice",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "event",
                    fields.ForeignKeyField(
                        "models.Event",
                        source_field="event_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="notices",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "author",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="author_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="event_notices",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="ANNOUNCEMENT: ANNOUNCEMENT\nRUNNING_LATE: RUNNING_LATE\nCANT_MAKE_IT: CANT_MAKE_IT",
                        enum_type=NoticeKind,
                        max_length=12,
                    ),
                ),
                ("message", fields.CharField(default="", max_length=280)),
                (
                    "minutes_late",
                    fields.IntField(
                        null=True, description="RUNNING_LATE: how late the member expects to be."
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "event_notices",
                "app": "models",
                "indexes": [Index(fields=["event_id", "id"])],
                "pk_attr": "id",
                "table_description": "A short live notice on an event: an announcement to everyone on it, or a participant's",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="EventSeries",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "circle",
                    fields.ForeignKeyField(
                        "models.Circle",
                        source_field="circle_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="event_series",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "route",
                    fields.ForeignKeyField(
                        "models.Route",
                        source_field="route_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="event_series",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "created_by",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="created_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="created_series",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=SeriesStatus.ACTIVE,
                        description="ACTIVE: ACTIVE\nENDED: ENDED",
                        enum_type=SeriesStatus,
                        max_length=8,
                    ),
                ),
                (
                    "rule",
                    fields.CharField(
                        description="RRULE value without DTSTART, COUNT or UNTIL (daily or coarser frequency).",
                        max_length=255,
                    ),
                ),
                (
                    "starts_on",
                    fields.DateField(description="First local date the rule counts from."),
                ),
                (
                    "start_time",
                    fields.CharField(
                        description="Local time of day every occurrence starts at, ``HH:MM``.",
                        max_length=5,
                    ),
                ),
                ("duration_minutes", fields.IntField()),
                (
                    "count",
                    fields.IntField(
                        null=True,
                        description="The series ends after this many occurrences, or with the last one on or before",
                    ),
                ),
                ("until", fields.DateField(null=True)),
                (
                    "exceptions",
                    fields.JSONField(
                        default=list,
                        description="Local dates left out (RFC 5545 EXDATE), ``YYYY-MM-DD`` strings.",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "horizon_days",
                    fields.IntField(
                        default=60, description="How far ahead occurrences are created."
                    ),
                ),
                (
                    "signup_opens_hours",
                    fields.IntField(
                        default=336,
                        description="Sign-up opens this many hours before the start, closes this many before it, and",
                    ),
                ),
                ("signup_closes_hours", fields.IntField(default=2)),
                ("cancel_deadline_hours", fields.IntField(default=24)),
                (
                    "auto_publish",
                    fields.BooleanField(
                        default=True,
                        description="Occurrences are created PUBLISHED (else DRAFT, for the organizer to publish).",
                    ),
                ),
                ("title", fields.CharField(max_length=80)),
                ("description", fields.TextField(default="", unique=False)),
                ("time_zone", fields.CharField(max_length=64)),
                ("meeting_city", fields.CharField(max_length=64)),
                ("capacity", fields.IntField()),
                ("fee_points", fields.IntField(default=0)),
                ("offer_window_hours", fields.IntField(default=48)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "event_series",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A recurring event: an RFC 5545 rule over local dates, the time of day, and the template",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SeatWatch",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "event",
                    fields.ForeignKeyField(
                        "models.Event",
                        source_field="event_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="seat_watches",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "member",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="member_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="seat_watches",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "event_seat_watches",
                "app": "models",
                "unique_together": (("event", "member"),),
                "pk_attr": "id",
                "table_description": "A member who wants to be told once when a full event has a free seat, without joining",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SeriesFollow",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "series",
                    fields.ForeignKeyField(
                        "models.EventSeries",
                        source_field="series_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="follows",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "member",
                    fields.ForeignKeyField(
                        "models.Member",
                        source_field="member_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="series_follows",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "event_series_follows",
                "app": "models",
                "unique_together": (("series", "member"),),
                "pk_attr": "id",
                "table_description": "A member who wants to hear when a new occurrence of a series opens for sign-up.",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Event",
            name="fill_alert_percent",
            field=fields.IntField(
                null=True,
                description="Organizers are alerted once when this share (percent) of the seats is taken, and once",
            ),
        ),
        ops.AddField(
            model_name="Event",
            name="seat_watch_allowed",
            field=fields.BooleanField(
                default=False,
                description="Members may ask to be told when a seat frees up, without joining the waitlist.",
            ),
        ),
        ops.AddField(
            model_name="Event",
            name="sequence",
            field=fields.IntField(
                default=0,
                description="Revision of what calendars show (iCalendar SEQUENCE), raised by every edit and cancel.",
            ),
        ),
        ops.AddField(
            model_name="Event",
            name="series",
            field=fields.ForeignKeyField(
                "models.EventSeries",
                source_field="series_id",
                null=True,
                description="The series this event is an occurrence of, and the occurrence's local date (its",
                db_constraint=True,
                to_field="id",
                related_name="events",
                on_delete=OnDelete.SET_NULL,
            ),
        ),
        ops.AddField(
            model_name="Event",
            name="series_announced_at",
            field=fields.DatetimeField(
                null=True,
                description="When the series' followers were told this occurrence opened for sign-up.",
                auto_now=False,
                auto_now_add=False,
            ),
        ),
        ops.AddField(
            model_name="Event",
            name="series_date",
            field=fields.CharField(null=True, max_length=10),
        ),
        ops.AddField(
            model_name="Event",
            name="waitlist_alert_over",
            field=fields.IntField(null=True),
        ),
        ops.AddConstraint(
            model_name="Event",
            constraint=UniqueConstraint(fields=("series", "series_date"), name=None),
        ),
        ops.AddField(
            model_name="Registration",
            name="emergency_contact_name",
            field=fields.CharField(
                null=True,
                description="An emergency contact the member shared with the event's organizers and crew (shown on",
                max_length=64,
            ),
        ),
        ops.AddField(
            model_name="Registration",
            name="emergency_contact_phone",
            field=fields.CharField(null=True, max_length=32),
        ),
    ]
