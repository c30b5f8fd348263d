"""Check constraints, partial unique and partial indexes (PostgreSQL) and their SQLite
counterparts for events, badges and rankings."""

from tortoise import migrations

from ._dialect import dialect_sql

# The statements as they were applied, held here so that a later change to a model's DDL
# cannot change what this migration ran.
POSTGRES = [
    # events
    (
        "ALTER TABLE events ADD CONSTRAINT events_seats_within_capacity "
        "CHECK (seats_taken >= 0 AND seats_taken <= capacity AND waitlist_length >= 0)"
    ),
    "ALTER TABLE events ADD CONSTRAINT events_capacity_positive CHECK (capacity > 0)",
    "ALTER TABLE events ADD CONSTRAINT events_fee_non_negative CHECK (fee_points >= 0)",
    (
        "ALTER TABLE events ADD CONSTRAINT events_times_ordered "
        "CHECK (ends_at > starts_at AND signup_opens_at < signup_closes_at)"
    ),
    (
        "CREATE UNIQUE INDEX IF NOT EXISTS event_registrations_one_active "
        "ON event_registrations (event_id, member_id) WHERE status <> 'CANCELLED'"
    ),
    (
        "ALTER TABLE event_registrations ADD CONSTRAINT event_registrations_passengers "
        "CHECK (passengers BETWEEN 0 AND 8)"
    ),
    (
        "ALTER TABLE event_feedback ADD CONSTRAINT event_feedback_ranges "
        "CHECK (rating BETWEEN 1 AND 5 AND nps BETWEEN 0 AND 10)"
    ),
    # badges
    (
        "ALTER TABLE badges ADD CONSTRAINT badges_counts_nonnegative "
        "CHECK (holder_count >= 0 AND version >= 1)"
    ),
    (
        "ALTER TABLE member_badges ADD CONSTRAINT member_badges_occurrence_positive "
        "CHECK (occurrence >= 1)"
    ),
    (
        "CREATE INDEX IF NOT EXISTS member_badges_unsettled ON member_badges (id) "
        "WHERE earned_at IS NULL"
    ),
    # rankings
    (
        "CREATE INDEX IF NOT EXISTS ledger_entries_earned_at "
        "ON ledger_entries (created_at) INCLUDE (member_id, amount) "
        "WHERE kind = 'EARN' AND amount > 0"
    ),
    (
        "CREATE INDEX IF NOT EXISTS contribution_entries_created_at "
        "ON contribution_entries (created_at) INCLUDE (member_id, amount)"
    ),
]

SQLITE = [
    # events
    (
        "CREATE UNIQUE INDEX IF NOT EXISTS event_registrations_one_active "
        "ON event_registrations (event_id, member_id) WHERE status <> 'CANCELLED'"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS events_seats_within_capacity\n"
        "    BEFORE UPDATE OF seats_taken, waitlist_length ON events\n"
        "    WHEN NEW.seats_taken < 0 OR NEW.seats_taken > NEW.capacity "
        "OR NEW.waitlist_length < 0\n"
        "    BEGIN SELECT RAISE(ABORT, 'events_seats_within_capacity'); END"
    ),
    # badges
    (
        "CREATE INDEX IF NOT EXISTS member_badges_unsettled ON member_badges (id) "
        "WHERE earned_at IS NULL"
    ),
    # rankings
    (
        "CREATE INDEX IF NOT EXISTS ledger_entries_earned_at "
        "ON ledger_entries (created_at, member_id, amount) WHERE kind = 'EARN' AND amount > 0"
    ),
    (
        "CREATE INDEX IF NOT EXISTS contribution_entries_created_at "
        "ON contribution_entries (created_at, member_id, amount)"
    ),
]


class Migration(migrations.Migration):
    dependencies = [("models", "0005_events_badges_rankings")]

    initial = False

    operations = [dialect_sql(postgres=POSTGRES, sqlite=SQLITE)]
