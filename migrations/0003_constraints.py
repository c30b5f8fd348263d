"""Check constraints, partial and trigram indexes (PostgreSQL) and guard triggers (SQLite)
that the model layer cannot express."""

from tortoise import migrations

from ._dialect import dialect_sql

# The statements as they were applied, held here so that a later change to a model's DDL
# cannot change what this migration ran.
POSTGRES = [
    # members
    (
        "ALTER TABLE members ADD CONSTRAINT members_handle_key_lower "
        "CHECK (handle_key = lower(handle))"
    ),
    "ALTER TABLE vehicles ADD CONSTRAINT vehicles_year_range CHECK (year BETWEEN 1950 AND 2100)",
    (
        "ALTER TABLE data_exports ADD CONSTRAINT data_exports_pending_owner "
        "CHECK (pending_member_id IS NULL OR (status = 'PENDING' "
        "AND pending_member_id = member_id))"
    ),
    # notifications
    (
        "CREATE INDEX IF NOT EXISTS notifications_unread_idx "
        "ON notifications (member_id, id) WHERE NOT read"
    ),
    # routes
    "ALTER TABLE routes ADD CONSTRAINT routes_difficulty_range CHECK (difficulty BETWEEN 1 AND 5)",
    "ALTER TABLE routes ADD CONSTRAINT routes_distance_positive CHECK (distance_km > 0)",
    # circles
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    (
        "CREATE INDEX IF NOT EXISTS circles_search_trgm ON circles "
        "USING gin (search_text gin_trgm_ops)"
    ),
    (
        "ALTER TABLE circles ADD CONSTRAINT circles_counts_non_negative "
        "CHECK (member_count >= 0 AND post_count >= 0)"
    ),
    (
        "CREATE UNIQUE INDEX IF NOT EXISTS circle_memberships_one_owner "
        "ON circle_memberships (circle_id) WHERE role = 'OWNER'"
    ),
    (
        "ALTER TABLE circle_invites ADD CONSTRAINT circle_invites_uses_range "
        "CHECK (uses >= 0 AND uses <= max_uses)"
    ),
    (
        "ALTER TABLE circle_posts ADD CONSTRAINT circle_posts_counts_non_negative "
        "CHECK (comment_count >= 0 AND like_count >= 0 AND helpful_count >= 0 "
        "AND cheer_count >= 0)"
    ),
    (
        "ALTER TABLE route_proposals ADD CONSTRAINT route_proposals_difficulty_range "
        "CHECK (difficulty BETWEEN 1 AND 5)"
    ),
    "ALTER TABLE proposal_votes ADD CONSTRAINT proposal_votes_value CHECK (value IN (-1, 1))",
    # loyalty
    (
        "ALTER TABLE points_accounts ADD CONSTRAINT points_accounts_balance_nonnegative "
        "CHECK (balance >= 0)"
    ),
    "ALTER TABLE points_accounts ADD CONSTRAINT points_accounts_held_nonnegative CHECK (held >= 0)",
    (
        "ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_lot_remaining "
        "CHECK (remaining IS NULL OR (remaining >= 0 AND remaining <= amount))"
    ),
    (
        "ALTER TABLE rewards ADD CONSTRAINT rewards_stock_nonnegative "
        "CHECK (stock IS NULL OR stock >= 0)"
    ),
    "ALTER TABLE rewards ADD CONSTRAINT rewards_price_positive CHECK (points_price > 0)",
    "ALTER TABLE reward_claims ADD CONSTRAINT reward_claims_count_nonnegative CHECK (count >= 0)",
    (
        "ALTER TABLE contribution_scores ADD CONSTRAINT contribution_scores_nonnegative "
        "CHECK (score >= 0)"
    ),
    (
        "CREATE INDEX ledger_entries_open_lots "
        "ON ledger_entries (member_id, expires_at, id) WHERE remaining > 0"
    ),
]

SQLITE = [
    # loyalty
    (
        "CREATE TRIGGER IF NOT EXISTS points_accounts_balance_guard BEFORE UPDATE OF balance "
        "ON points_accounts WHEN NEW.balance < 0 "
        "BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: points_accounts.balance >= 0'); END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS points_accounts_held_guard BEFORE UPDATE OF held "
        "ON points_accounts WHEN NEW.held < 0 "
        "BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: points_accounts.held >= 0'); END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS ledger_entries_remaining_guard BEFORE UPDATE OF remaining "
        "ON ledger_entries WHEN NEW.remaining < 0 "
        "BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: ledger_entries.remaining >= 0'); END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS rewards_stock_guard BEFORE UPDATE OF stock ON rewards "
        "WHEN NEW.stock < 0 "
        "BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: rewards.stock >= 0'); END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS contribution_scores_score_guard BEFORE UPDATE OF score "
        "ON contribution_scores WHEN NEW.score < 0 "
        "BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: contribution_scores.score >= 0'); END"
    ),
]


class Migration(migrations.Migration):
    dependencies = [("models", "0002_domains")]

    initial = False

    operations = [dialect_sql(postgres=POSTGRES, sqlite=SQLITE)]
