"""Migrations are history: once applied, what they describe and run must never change. So they
hold literal values only and import nothing from the application, whose enums and DDL lists
move on after a migration has been applied."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "migrations"

#: The application's packages, and any other package at the top of the repository.
FORBIDDEN = frozenset({"models", "services", "api", "schema", "jobs", "fixtures"}) | frozenset(
    path.name
    for path in ROOT.iterdir()
    if (path / "__init__.py").is_file() and path.name != MIGRATIONS.name
)

_IMPORT_FUNCTIONS = {"import_module", "__import__"}


def _is_forbidden(module: str) -> bool:
    return module.split(".", 1)[0] in FORBIDDEN


def forbidden_imports(source: str, filename: str = "<source>") -> list[str]:
    """Every import in ``source``, at any depth, that reaches the application's code."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source, filename)):
        where = f"{filename}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import):
            found += [f"{where}: import {a.name}" for a in node.names if _is_forbidden(a.name)]
        elif isinstance(node, ast.ImportFrom):
            dots = "." * node.level
            module = node.module or ""
            if node.level == 0 and _is_forbidden(module):
                found.append(f"{where}: from {module} import ...")
            elif node.level >= 2:  # climbs out of the migrations package
                found.append(f"{where}: from {dots}{module} import ...")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            target = node.args[0] if node.args else None
            if (
                name in _IMPORT_FUNCTIONS
                and isinstance(target, ast.Constant)
                and isinstance(target.value, str)
                and _is_forbidden(target.value)
            ):
                found.append(f"{where}: {name}({target.value!r})")
    return found


def _migration_files() -> list[Path]:
    return sorted(MIGRATIONS.glob("*.py"))


def test_there_are_migrations_to_check() -> None:
    assert len([p for p in _migration_files() if p.name[0].isdigit()]) >= 6


@pytest.mark.parametrize("path", _migration_files(), ids=lambda path: path.name)
def test_migration_imports_no_application_code(path: Path) -> None:
    found = forbidden_imports(path.read_text(encoding="utf-8"), path.name)
    assert not found, (
        "a migration must hold literal copies of the enums, defaults and SQL it uses, "
        "not import them:\n" + "\n".join(found)
    )


@pytest.mark.parametrize(
    "source",
    [
        "import models",
        "import models.loyalty",
        "import api.ddl as ddl",
        "import tortoise, services",
        "from models import circles",
        "from models.loyalty import CapPeriod",
        "from schema.events.types import EventType",
        "def forward():\n    from jobs.tasks import run\n",
        "class Migration:\n    def go(self):\n        import fixtures.loader\n",
        "from ..models import loyalty",
        "from .. import models",
        "import importlib\nimportlib.import_module('models.events')",
        "__import__('services.outbox')",
    ],
)
def test_every_form_of_application_import_is_caught(source: str) -> None:
    assert forbidden_imports(source)


@pytest.mark.parametrize(
    "source",
    [
        "from enum import StrEnum",
        "from tortoise import fields, migrations",
        "from tortoise.migrations import operations as ops",
        "from ._dialect import dialect_sql",
        "from . import _dialect",
        "import modelsx",
        "from apiary import bees",
    ],
)
def test_library_and_sibling_imports_are_allowed(source: str) -> None:
    assert forbidden_imports(source) == []
