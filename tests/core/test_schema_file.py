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
from api.db import tortoise_config

async def main():
    config = tortoise_config(sys.argv[1])
    async with tortoise_cli_context(config) as ctx:
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
    print(len(writers))

asyncio.run(main())
"""
