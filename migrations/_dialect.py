"""Running hand-written DDL per database in a migration. Kept here, beside the migrations that
use it and apart from the application's code, so that the SQL a migration ran stays as it was."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.migrations import operations as ops


def dialect_sql(*, postgres: Sequence[str] = (), sqlite: Sequence[str] = ()) -> ops.RunPython:
    """Run ``postgres`` statements on PostgreSQL and ``sqlite`` statements on SQLite."""

    async def forward(apps: Any, schema_editor: Any) -> None:
        statements = postgres if schema_editor.DIALECT == "postgres" else sqlite
        for statement in statements:
            await schema_editor.client.execute_script(statement)

    return ops.RunPython(forward, ops.RunPython.noop)
