"""Job history and metrics, ``convoy run-job`` and ``/metrics``."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from rich.console import Console
from typer.testing import CliRunner

from api.cli import app as cli
from jobs.execution import execute
from jobs.registry import JOBS, Job, Progress
from jobs.runner import run_in_process
from models.outbox import JobRun, OutboxEvent
from runtime.config import Settings
from runtime.metrics import REGISTRY
from services import outbox

ROOT = Path(__file__).resolve().parents[2]


def _runs_total(task: str, outcome: str) -> float:
    labels = {"task": task, "outcome": outcome}
    return REGISTRY.get_sample_value("convoy_job_runs_total", labels) or 0


@pytest.fixture
def counting_job(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int | None]]:
    """A job that reports progress over 3 steps and returns a summary."""
    steps: list[tuple[int, int | None]] = []

    async def count(*, progress: Progress | None = None) -> dict[str, Any]:
        for done in range(4):
            steps.append((done, 3))
            if progress:
                progress(done, 3)
        return {"counted": 3}

    monkeypatch.setitem(JOBS, "test.count", Job("test.count", "Counts.", count, None, True))
    return steps


@pytest.fixture
def failing_job(monkeypatch: pytest.MonkeyPatch) -> None:
    async def fail() -> dict[str, Any]:
        raise ValueError("ranking source missing")

    monkeypatch.setitem(JOBS, "test.fail", Job("test.fail", "Fails.", fail))


async def test_execution_records_a_run_and_metrics(app: Any, counting_job: Any) -> None:
    # given
    before = _runs_total("test.count", "ok")
    # when
    run = await execute("test.count")
    # then
    stored = await JobRun.get(id=run.id)
    assert (stored.task, stored.ok, stored.summary) == ("test.count", True, {"counted": 3})
    assert _runs_total("test.count", "ok") == before + 1
    count = REGISTRY.get_sample_value("convoy_job_seconds_count", {"task": "test.count"})
    assert count is not None and count >= 1


async def test_failed_execution_is_recorded_not_raised(app: Any, failing_job: Any) -> None:
    # given
    before = _runs_total("test.fail", "error")
    # when
    run = await execute("test.fail")
    # then
    assert not run.ok
    assert run.summary == {"error": "ValueError: ranking source missing"}
    assert _runs_total("test.fail", "error") == before + 1


async def test_run_in_process_shows_progress_and_summary(app: Any, counting_job: Any) -> None:
    # given
    console = Console(record=True, width=100, force_terminal=False)
    # when
    code = await run_in_process("test.count", console=console)
    # then
    output = console.export_text()
    assert code == 0
    assert counting_job == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert "3/3" in output and "test.count: ok" in output and '"counted": 3' in output
    assert await JobRun.filter(task="test.count", ok=True).count() == 1


async def test_run_in_process_exit_codes(app: Any, failing_job: Any) -> None:
    console = Console(record=True, width=100)
    assert await run_in_process("test.fail", console=console) == 1
    assert await run_in_process("no.such.job", console=console) == 2


def test_cli_lists_jobs() -> None:
    # when
    result = CliRunner().invoke(cli, ["run-job", "--list"])
    # then
    assert result.exit_code == 0
    for name in ("outbox.dispatch", "outbox.purge", "accounts.purge_refresh_tokens"):
        assert name in result.output


def test_cli_refuses_an_unknown_job() -> None:
    result = CliRunner().invoke(cli, ["run-job", "no.such.job"])
    assert result.exit_code == 2


async def test_cli_runs_a_job_in_its_own_process(settings: Settings) -> None:
    # given: an event applied 8 days ago, due for purging
    event = await outbox.record("member.moved", {})
    applied = datetime.now(UTC) - timedelta(days=8)
    await OutboxEvent.filter(id=event.id).update(processed_at=applied, dispatched_at=applied)
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url or "",
        "REDIS_PREFIX": settings.redis_prefix,
    }
    # when
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "api.cli",
        "run-job",
        "outbox.purge",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 120)
    # then
    assert process.returncode == 0, output.decode()
    assert b"outbox.purge: ok" in output
    assert not await OutboxEvent.filter(id=event.id).exists()
    run = await JobRun.get(task="outbox.purge")
    assert run.ok and run.summary["events"] == 1


async def test_metrics_show_the_outbox_lag(http: httpx.AsyncClient) -> None:
    # given: two events waiting, the oldest for two minutes
    for _ in range(2):
        await outbox.record("member.moved", {})
    oldest = await OutboxEvent.all().order_by("id").first()
    assert oldest is not None
    await OutboxEvent.filter(id=oldest.id).update(
        created_at=datetime.now(UTC) - timedelta(minutes=2)
    )
    # when
    response = await http.get("/metrics")
    # then
    samples = dict(
        line.rsplit(" ", 1) for line in response.text.splitlines() if line.startswith("convoy_")
    )
    assert float(samples["convoy_outbox_pending"]) == 2
    assert 120 <= float(samples["convoy_outbox_lag_seconds"]) < 180
    assert float(samples["convoy_outbox_dead"]) == 0
