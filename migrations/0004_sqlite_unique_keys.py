"""Restore two unique keys that SQLite's table rebuild in 0002 dropped: the consumer marker
(``processed_messages``) and the per-period claim (``scheduled_runs``). Exactly-once delivery
and once-per-period runs rest on them. PostgreSQL kept both, so this is SQLite only."""

from tortoise import migrations

from ._dialect import dialect_sql


class Migration(migrations.Migration):
    dependencies = [("models", "0003_constraints")]

    initial = False

    operations = [
        dialect_sql(
            sqlite=[
                'CREATE UNIQUE INDEX IF NOT EXISTS "uid_processed_consumer_event" '
                'ON "processed_messages" ("consumer", "event_id")',
                'CREATE UNIQUE INDEX IF NOT EXISTS "uid_scheduled_task_period" '
                'ON "scheduled_runs" ("task", "period")',
            ]
        ),
    ]
