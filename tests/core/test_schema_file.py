"""The committed SDL and the migrations must match the code."""

from __future__ import annotations

from pathlib import Path

from tortoise.cli.cli import tortoise_cli_context
from tortoise.migrations.autodetector import MigrationAutodetector

from api.db import tortoise_config
from schema.export import schema_sdl

ROOT = Path(__file__).resolve().parents[2]


def test_schema_graphql_is_current() -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == schema_sdl(), "schema.graphql is stale: run `convoy export-schema`"


async def test_migrations_match_models(tmp_path: Path) -> None:
    # the autodetector compares models with the migration history without writing anything
    config = tortoise_config(f"sqlite://{tmp_path / 'check.sqlite3'}")
    async with tortoise_cli_context(config) as ctx:
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
    assert not writers, "models changed without a migration: run tortoise makemigrations"
