"""Check constraints, partial unique and partial indexes (PostgreSQL) and their SQLite
counterparts for events, badges and rankings. The statements live beside their models."""

from tortoise import migrations

from api.ddl import dialect_sql
from models import badges, events, rankings


class Migration(migrations.Migration):
    dependencies = [("models", "0005_events_badges_rankings")]

    initial = False

    operations = [
        dialect_sql(
            postgres=[*events.POSTGRES_DDL, *badges.POSTGRES_DDL, *rankings.POSTGRES_DDL],
            sqlite=[*events.SQLITE_DDL, *badges.SQLITE_DDL, *rankings.SQLITE_DDL],
        ),
    ]
