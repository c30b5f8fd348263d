"""Running one registered job: the history row and the metrics every execution leaves."""

from __future__ import annotations

import time
from typing import Any

import structlog

from jobs.catalog import load_jobs
from jobs.registry import Progress
from models.outbox import JobRun
from runtime.metrics import JOB_DURATION, JOB_RUNS
from services.core import clock
from services.jobs.runs import record_run

log = structlog.get_logger("convoy.jobs")


async def execute(name: str, *, progress: Progress | None = None) -> JobRun:
    """Run job ``name`` once and record it (``JobRun``, ``convoy_job_*`` metrics). A failure is
    recorded and logged, not raised: the returned row says whether it went well."""
    job = load_jobs()[name]
    kwargs: dict[str, Any] = {"progress": progress} if job.reports_progress else {}
    started_at, started = clock.now(), time.perf_counter()
    try:
        summary = await job.func(**kwargs)
        ok = True
    except Exception as exc:  # noqa: BLE001 - the history keeps what went wrong
        log.exception("job.failed", task=name)
        summary, ok = {"error": f"{type(exc).__name__}: {exc}"[:2000]}, False
    seconds = time.perf_counter() - started
    JOB_RUNS.labels(name, "ok" if ok else "error").inc()
    JOB_DURATION.labels(name).observe(seconds)
    log.info("job.finished", task=name, ok=ok, seconds=round(seconds, 3), summary=summary)
    return await record_run(
        name, started_at=started_at, duration_ms=round(seconds * 1000), ok=ok, summary=summary
    )
