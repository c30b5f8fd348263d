"""Hand-written DDL the model layer cannot express (check constraints, special indexes)."""

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
