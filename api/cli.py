"""The ``convoy`` command line."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from fixtures.generate_cli import generate_data

app = typer.Typer(
    help="Convoy: community and loyalty platform for owner and off-road clubs.",
    no_args_is_help=True,
    add_completion=False,
)


def _settings():  # noqa: ANN202 - typed by get_settings
    """The settings, or exit 2 with every problem in a few lines (never a value, never a
    traceback)."""
    from runtime.config import InvalidSettings, get_settings

    try:
        return get_settings()
    except InvalidSettings as exc:
        typer.echo(f"convoy: {exc}", err=True)
        raise typer.Exit(2) from None


@contextlib.contextmanager
def _database_errors() -> Iterator[None]:
    """A database that cannot be used (missing, unreachable, not migrated): one line that
    says what to run, exit 1."""
    from runtime.migrate import DatabaseUnavailable

    try:
        yield
    except DatabaseUnavailable as exc:
        typer.echo(f"convoy: {exc}", err=True)
        raise typer.Exit(1) from None


class _Stopped(SystemExit):
    """SIGTERM or SIGHUP: leave through ``finally`` blocks and ``atexit`` like Ctrl-C does."""


def _stop_on_signals() -> None:
    """SIGTERM and SIGHUP end the process as Ctrl-C does, cleanups included: their default
    action kills it at once and leaves behind what it started (the embedded redis-server).
    uvicorn takes the signals while it serves and raises them again once it has stopped."""

    def stop(signum: int, frame: object) -> None:
        raise _Stopped(0)

    for stopping in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stopping, stop)


def _require_migrated(settings) -> None:  # noqa: ANN001 - Settings
    """Production applies no migrations by itself: refuse to start on a database behind."""
    from runtime.migrate import require_migrated

    if settings.production:
        with _database_errors():
            asyncio.run(require_migrated(settings.database_url))


def _require_redis_url(settings, command: str) -> None:  # noqa: ANN001 - Settings
    """A job process with an embedded Redis of its own would wait for messages nobody sends."""
    if settings.redis_url is None:
        typer.echo(
            f"convoy: `convoy {command}` needs REDIS_URL (the Redis the API uses); without it, "
            "`convoy serve` runs the jobs in-process",
            err=True,
        )
        raise typer.Exit(2)


async def _with_orm(database_url: str, coro_factory):  # noqa: ANN001, ANN202
    from tortoise import Tortoise

    import runtime
    from runtime.database import tortoise_config
    from runtime.redis_client import connect, resolve_redis_url
    from services.loyalty.seed import seed_defaults

    settings = _settings()
    redis = connect(resolve_redis_url(settings))
    runtime.configure(settings, redis)
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    try:
        await seed_defaults()
        return await coro_factory()
    finally:
        await Tortoise.close_connections()
        await redis.aclose()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Number of API processes.")] = 1,
    demo: Annotated[
        bool | None, typer.Option(help="Load demo data (default: on in development mode).")
    ] = None,
    jobs: Annotated[
        bool | None,
        typer.Option(
            help="Run a job worker and the scheduler in-process (default: on when "
            "REDIS_URL is unset, i.e. the embedded mode)."
        ),
    ] = None,
) -> None:
    """Run the API (GraphQL at /graphql, IDE, /healthz, /readyz, /metrics).

    In development mode with no DATABASE_URL/REDIS_URL this is the embedded default: SQLite
    under ./var, an embedded Redis on a unix socket, migrations applied, demo data loaded once,
    and a job worker plus the scheduler running inside the API process."""
    import uvicorn

    from runtime.redis_client import embedded_redis_url, shutdown_embedded

    settings = _settings()
    _stop_on_signals()
    embedded = settings.redis_url is None  # production refuses that in the settings
    try:
        if embedded:
            os.environ["REDIS_URL"] = embedded_redis_url(Path("var"))
        if settings.production:
            _require_migrated(settings)
        else:
            _run_migrations(settings.database_url)
        if demo if demo is not None else not settings.production:
            _load_fixtures(settings.database_url)
        if jobs if jobs is not None else embedded:
            os.environ["EMBEDDED_WORKERS"] = "true"
        from runtime.config import get_settings

        get_settings.cache_clear()  # the app re-reads the environment set above
        typer.echo(f"Convoy on http://{host}:{port}/graphql ({settings.mode})")
        uvicorn.run(
            "api.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            proxy_headers=True,
        )
    finally:
        shutdown_embedded()


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(help="Tasks run at once per worker.")] = 10,
    metrics_port: Annotated[
        int | None,
        typer.Option(help="Serve /metrics on this port (default: JOB_METRICS_PORT; none: off)."),
    ] = None,
) -> None:
    """Run a job worker: consumes tasks from the Redis stream (at-least-once, acked) and drains
    the outbox. Needs REDIS_URL."""
    from jobs.worker import run_worker

    settings = _job_settings("worker", metrics_port)
    run_worker(concurrency=concurrency, settings=settings)


@app.command()
def scheduler(
    metrics_port: Annotated[
        int | None,
        typer.Option(help="Serve /metrics on this port (default: JOB_METRICS_PORT; none: off)."),
    ] = None,
) -> None:
    """Run the periodic-task scheduler. Safe to run more than one: each period of each task is
    claimed once in the database. Needs REDIS_URL."""
    from jobs.scheduler import run_scheduler

    run_scheduler(settings=_job_settings("scheduler", metrics_port))


def _job_settings(command: str, metrics_port: int | None):  # noqa: ANN202 - Settings
    settings = _settings()
    _require_redis_url(settings, command)
    _require_migrated(settings)
    if metrics_port is not None:
        settings = settings.model_copy(update={"job_metrics_port": metrics_port})
    return settings


def _run_migrations(database_url: str) -> None:
    from runtime.migrate import apply_migrations

    with _database_errors():
        asyncio.run(apply_migrations(database_url))


@app.command()
def migrate() -> None:
    """Apply database migrations up to the newest (idempotent)."""
    _run_migrations(_settings().database_url)
    typer.echo("migrations applied")


def _load_fixtures(database_url: str) -> None:
    from fixtures.loader import load_demo_data

    summary = asyncio.run(_with_orm(database_url, load_demo_data))
    typer.echo(f"demo data: {summary}")


@app.command("load-fixtures")
def load_fixtures() -> None:
    """Load the bilingual demo community (idempotent: a second run changes nothing).
    Demo credentials are refused outside development mode."""
    settings = _settings()
    if settings.production:
        typer.echo("demo data is for development mode only", err=True)
        raise typer.Exit(2)
    _load_fixtures(settings.database_url)


app.command("generate-data")(generate_data)


@app.command("export-schema")
def export_schema(
    output: Annotated[Path, typer.Option(help="Where to write the SDL.")] = Path("schema.graphql"),
    check: Annotated[
        bool, typer.Option(help="Exit 1 if the file differs from the schema instead of writing.")
    ] = False,
) -> None:
    """Write the GraphQL schema (SDL) to schema.graphql, or check that it is current."""
    from schema.export import schema_sdl

    sdl = schema_sdl()
    if check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != sdl:
            typer.echo(f"{output} is stale: run `convoy export-schema`", err=True)
            raise typer.Exit(1)
        typer.echo(f"{output} is current")
        return
    output.write_text(sdl, encoding="utf-8")
    typer.echo(f"wrote {output}")


@app.command("create-staff")
def create_staff(
    email: Annotated[str, typer.Option(metavar="EMAIL", help="Sign-in email.")],
    handle: Annotated[str, typer.Option(metavar="HANDLE", help="Public handle.")],
    role: Annotated[
        list[str],
        typer.Option(metavar="ROLE", help="A staff role; repeat for several."),
    ],
    password: Annotated[
        str | None,
        typer.Option(
            metavar="PASSWORD",
            show_default=False,
            help="Asked for (hidden, twice) when omitted.",
        ),
    ] = None,
) -> None:
    """Create a staff account, or add roles to an existing account with that email.

    Roles: admin, moderator, dealer, issuer."""
    from services.accounts.staff import create_staff_account

    settings = _settings()
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)

    async def run():  # noqa: ANN202
        return await create_staff_account(email=email, handle=handle, roles=role, password=password)

    try:
        account = asyncio.run(_with_orm(settings.database_url, run))
    except Exception as exc:  # noqa: BLE001 - show domain errors as messages
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"staff account {account.id} has roles {', '.join(account.roles)}")


@app.command("run-job")
def run_job(
    name: Annotated[str, typer.Argument(help="Task name (see --list).")] = "",
    list_jobs: Annotated[bool, typer.Option("--list", help="List the jobs and exit.")] = False,
) -> None:
    """Run one job now, in this process, with a progress bar (e.g. `convoy run-job
    outbox.dispatch`)."""
    from jobs.catalog import load_jobs
    from jobs.runner import run_in_process

    jobs = load_jobs()
    if list_jobs or not name:
        for job in sorted(jobs.values(), key=lambda j: j.name):
            typer.echo(f"{job.name:32} {job.description}")
        return
    if name not in jobs:
        typer.echo(f"unknown job {name!r}; see `convoy run-job --list`", err=True)
        raise typer.Exit(2)
    sys.exit(asyncio.run(run_in_process(name)))


@app.command("commission")
def commission(
    part: Annotated[str, typer.Option(help="Part number (or numeric id) of the part model.")],
    count: Annotated[int, typer.Option(help="Units to commission.", min=1, max=1_000_000)],
    output: Annotated[Path, typer.Option("--out", help="CSV of label payloads to write.")] = Path(
        "labels.csv"
    ),
    issuer: Annotated[
        str | None, typer.Option(help="Issuer's handle, when several list the part number.")
    ] = None,
    city: Annotated[str | None, typer.Option(help="Where the units are labelled.")] = None,
) -> None:
    """Commission labelled units of a part model in bulk, with a progress bar, and write their
    label payloads and claim codes as CSV (the claim codes exist only in that file)."""
    from rich.progress import Progress

    from services.parts.labels_csv import commission_to_csv

    settings = _settings()
    with Progress() as progress:
        task = progress.add_task(f"commissioning {part}", total=count)

        async def run():  # noqa: ANN202
            return await commission_to_csv(
                part=part,
                count=count,
                path=output,
                issuer_handle=issuer,
                city=city,
                advance=lambda done: progress.advance(task, done),
            )

        try:
            written = asyncio.run(_with_orm(settings.database_url, run))
        except Exception as exc:  # noqa: BLE001 - show domain errors as messages
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
    typer.echo(f"{written} units commissioned, labels in {output}")


if __name__ == "__main__":  # pragma: no cover
    app()
