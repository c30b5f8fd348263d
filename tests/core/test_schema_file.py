"""The committed SDL and the migrations must match the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from schema.export import schema_sdl

ROOT = Path(__file__).resolve().parents[2]


def test_schema_graphql_is_current() -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == schema_sdl(), "schema.graphql is stale: run `convoy export-schema`"


def test_migrations_match_models(tmp_path: Path) -> None:
    # in a child process: the autodetector re-initialises the ORM, which must not touch ours
    result = subprocess.run(
        [sys.executable, "-c", _DRIFT_CHECK, f"sqlite://{tmp_path / 'check.sqlite3'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0", "models changed without a migration: makemigrations"


_DRIFT_CHECK = """
import asyncio, sys
from tortoise.cli.cli import tortoise_cli_context
from tortoise.migrations.autodetector import MigrationAutodetector
from runtime.database import tortoise_config

async def main():
    config = tortoise_config(sys.argv[1])
    async with tortoise_cli_context(config) as ctx:
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
    print(len(writers))

asyncio.run(main())
"""


def test_migrated_sqlite_keeps_every_unique_key_of_the_models(tmp_path: Path) -> None:
    # SQLite rebuilds a table to alter it, and a rebuild may drop composite unique keys
    result = subprocess.run(
        [sys.executable, "-c", _UNIQUE_KEYS, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"unique keys missing after migrations: {result.stdout}"


_UNIQUE_KEYS = """
import asyncio, sqlite3, sys
from tortoise import Tortoise
from runtime.database import tortoise_config
from runtime.migrate import apply_migrations

def unique_keys(path):
    db = sqlite3.connect(path)
    keys = set()
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for index in db.execute(f"PRAGMA index_list('{table}')"):
            if index[2]:
                columns = tuple(row[2] for row in db.execute(f"PRAGMA index_info('{index[1]}')"))
                keys.add((table, columns))
    return keys

async def main(directory):
    generated, migrated = f"{directory}/generated.sqlite3", f"{directory}/migrated.sqlite3"
    await Tortoise.init(config=tortoise_config(f"sqlite://{generated}"))
    await Tortoise.generate_schemas()
    await Tortoise.close_connections()
    await apply_migrations(f"sqlite://{migrated}")
    print(sorted(unique_keys(generated) - unique_keys(migrated)))

asyncio.run(main(sys.argv[1]))
"""
