"""Applying the database migrations in ``migrations/``, checking that they are applied, and
saying in one line what to do when the database cannot be used."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

from tortoise import Tortoise
from tortoise.connection import get_connection
from tortoise.migrations.api.migrate import migrate
from tortoise.migrations.executor import MigrationExecutor

from runtime.database import tortoise_config


class DatabaseUnavailable(Exception):  # noqa: N818 - read as ``raise DatabaseUnavailable``
    """The database cannot be used as it is; the message says what to run (one line, the
    password of the URL never in it)."""


async def apply_migrations(database_url: str) -> None:
    """Bring the database at ``database_url`` to the newest migration (idempotent)."""
    if database_url.startswith("sqlite://") and not database_url.startswith("sqlite://:memory:"):
        Path(database_url.removeprefix("sqlite://")).parent.mkdir(parents=True, exist_ok=True)
    async with explained(database_url):
        try:
            await migrate(config=tortoise_config(database_url))
        finally:
            await Tortoise.close_connections()


async def pending_migrations(database_url: str) -> list[str]:
    """The migrations not yet applied to the database at ``database_url``, oldest first."""
    config = tortoise_config(database_url)
    async with explained(database_url):
        await Tortoise.init(config=config, init_connections=False)
        try:
            executor = MigrationExecutor(get_connection("default"), config["apps"])
            plan = await executor.plan(None)
        finally:
            await Tortoise.close_connections()
    return [
        f"{step.migration.app_label}.{step.migration.name}" for step in plan if not step.backward
    ]


async def require_migrated(database_url: str) -> None:
    """Raise ``DatabaseUnavailable`` unless every migration is applied."""
    pending = await pending_migrations(database_url)
    if pending:
        raise DatabaseUnavailable(
            f"the database {describe(database_url)} lacks {len(pending)} migration(s) "
            f"(next: {pending[0]}): run `convoy migrate` first"
        )


@contextlib.asynccontextmanager
async def explained(database_url: str) -> AsyncIterator[None]:
    """Turn a missing database or an unreachable server into ``DatabaseUnavailable``."""
    try:
        yield
    except DatabaseUnavailable:
        raise
    except Exception as exc:
        message = _explain(database_url, exc)
        if message is None:
            raise
        raise DatabaseUnavailable(message) from None


def describe(database_url: str) -> str:
    """``"convoy" on db.internal:5432`` or the SQLite path: the URL without its credentials."""
    if database_url.startswith("sqlite://"):
        return database_url.removeprefix("sqlite://")
    parts = urlsplit(database_url)
    return f'"{parts.path.lstrip("/")}" on {parts.hostname}:{parts.port or 5432}'


def _explain(database_url: str, exc: BaseException) -> str | None:
    import asyncpg

    causes = _chain(exc)
    parts = urlsplit(database_url)
    where = f"{parts.hostname}:{parts.port or 5432}"
    name = parts.path.lstrip("/")
    for cause in causes:
        if isinstance(cause, asyncpg.InvalidCatalogNameError):
            user = f" -U {parts.username}" if parts.username else ""
            return (
                f'database "{name}" does not exist on {where}: create it '
                f"(`createdb -h {parts.hostname} -p {parts.port or 5432}{user} {name}`), "
                "then run `convoy migrate`"
            )
        refused = asyncpg.InvalidAuthorizationSpecificationError | asyncpg.InvalidPasswordError
        if isinstance(cause, refused):
            return f"PostgreSQL on {where} refused the credentials of DATABASE_URL"
        if isinstance(cause, ConnectionRefusedError | socket.gaierror | TimeoutError):
            return (
                f"cannot reach PostgreSQL on {where} ({type(cause).__name__}): is it running, "
                "and is DATABASE_URL right?"
            )
    if database_url.startswith("sqlite://") and "unable to open database file" in str(exc):
        return f"cannot open the SQLite file {describe(database_url)}: check the path"
    return None


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen
