"""Check constraints, partial and trigram indexes (PostgreSQL) and guard triggers (SQLite)
that the model layer cannot express. The statements live beside their models."""

from tortoise import migrations

from api.ddl import dialect_sql
from models import circles, loyalty, members, notifications, routes


class Migration(migrations.Migration):
    dependencies = [("models", "0002_domains")]

    initial = False

    operations = [
        dialect_sql(
            postgres=[
                *members.POSTGRES_DDL,
                *notifications.POSTGRES_DDL,
                *routes.POSTGRES_DDL,
                *circles.POSTGRES_DDL,
                *loyalty.POSTGRES_DDL,
            ],
            sqlite=[*loyalty.SQLITE_DDL],
        ),
    ]
