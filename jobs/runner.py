"""``convoy run-job NAME``: one job, now, in this process, with a progress bar."""

from __future__ import annotations

import json
import logging

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from jobs.catalog import load_jobs
from jobs.execution import execute
from jobs.process import job_process


async def run_in_process(name: str, *, console: Console | None = None) -> int:
    """Run job ``name`` (recorded like any other run), print its summary, return the exit
    code: 0 when it succeeded, 1 when it failed, 2 when there is no such job."""
    console = console or Console()
    job = load_jobs().get(name)
    if job is None:
        console.print(f"unknown job {name!r}")
        return 2
    async with job_process(log_level=logging.WARNING):
        if job.reports_progress:
            with _progress_bar(console) as bar:
                task = bar.add_task(name, total=None)

                def progress(done: int, total: int | None) -> None:
                    bar.update(task, completed=done, total=total)

                run = await execute(name, progress=progress)
        else:
            with console.status(f"running {name}"):
                run = await execute(name)
    verdict = "[green]ok[/green]" if run.ok else "[red]failed[/red]"
    console.print(f"{name}: {verdict} in {run.duration_ms} ms")
    console.print_json(json.dumps(run.summary, default=str))
    return 0 if run.ok else 1


def _progress_bar(console: Console) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
