"""PostgreSQL pools release connections without asyncpg's reset query (``runtime.database``),
which is only safe while no code leaves session state on a connection: these checks keep it so."""

from __future__ import annotations

import re
from pathlib import Path

from runtime.database import connection_config, keep_session

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("api", "services", "schema", "jobs", "fixtures", "models")
#: Statements that would outlive their transaction on a pooled connection (SQL is written in
#: capitals here, so the match is case-sensitive).
SESSION_STATE = re.compile(
    r"""["']\s*SET\s+(?!LOCAL\b)\w+\s*(=|TO\b)|\bRESET\s+\w|\bLISTEN\s+\w"""
    r"""|pg_advisory_(?!xact_)\w*lock|set_config\([^)]*,\s*false\)|\bWITH\s+HOLD\b"""
)
#: Where the reset and what it undoes are described.
DESCRIBED = {"api/db.py"}


def test_postgres_pools_release_without_the_reset_query() -> None:
    config = connection_config("postgres://u@db.example:5432/convoy?maxsize=7")
    assert isinstance(config, dict)
    assert config["engine"] == "tortoise.backends.asyncpg"
    assert config["credentials"]["reset"] is keep_session
    assert config["credentials"]["maxsize"] == "7"
    assert connection_config("sqlite://var/x.sqlite3") == "sqlite://var/x.sqlite3"


def test_no_code_leaves_session_state_on_a_connection() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if str(path.relative_to(ROOT)) not in DESCRIBED
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SESSION_STATE.search(line)
    ]
    assert found == [], "session state needs the pool's reset back (runtime.database.keep_session)"


def test_the_check_finds_session_state() -> None:
    for line in (
        "await db.run(\"SET work_mem = '1GB'\")",
        "await conn.execute('LISTEN board_changes')",
        "SELECT pg_advisory_lock(42)",
        "SELECT set_config('jit', 'off', false)",
    ):
        assert SESSION_STATE.search(line), line
    for line in (
        'await db.run("SET LOCAL jit = off")',
        '"UPDATE events SET seats_taken = seats_taken + 1"',
        "SELECT pg_advisory_xact_lock(42)",
    ):
        assert not SESSION_STATE.search(line), line
