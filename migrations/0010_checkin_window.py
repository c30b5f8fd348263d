"""The check-in window of an event: it opens a number of hours before the start."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0007_parts")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Event",
            name="checkin_opens_hours_before",
            field=fields.IntField(
                default=2, description="Check-in opens this many hours before the start."
            ),
        ),
    ]
