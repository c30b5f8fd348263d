"""A full badge sweep over generated members on PostgreSQL, against a same-run baseline.

    .venv/bin/python bench/badges.py [--members 100000] [--events 20000] [--ledger-entries 1000000]

Creates (and drops) its own database on the server of ``TEST_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/test``), fills it with ``fixtures.generate`` (members,
circles, routes, a year of events with registrations, ledgers) and the default badge catalog
(enabled, one route badge on the first route), then measures:

* baseline: for every badge, ``SELECT COUNT(*)`` over the same criterion SELECT the engine runs
  (the same joins and aggregates over the same source rows, with the same session settings,
  writing nothing);
* the first full sweep (``run_sweep()``: every award inserted) and a second one (nothing new:
  the daily steady state), each with its ratio to the baseline;
* the resident memory of the process before and after the sweeps (flat: no rows travel to
  Python).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg  # noqa: E402
from tortoise import Tortoise  # noqa: E402
from tortoise.transactions import in_transaction  # noqa: E402

from fixtures.badges import DEFAULT_BADGES, ROUTE_BY_NAME  # noqa: E402
from fixtures.generate import GenerationSpec, generate  # noqa: E402
from models import MODEL_MODULES  # noqa: E402
from models.badges import Badge  # noqa: E402
from runtime.config import Settings  # noqa: E402
from runtime.database import tortoise_config  # noqa: E402
from runtime.logs import configure_logging  # noqa: E402
from runtime.redis_client import connect  # noqa: E402
from services import runtime  # noqa: E402
from services.badges import engine  # noqa: E402
from services.badges.criteria import EVERYONE, compile_criterion, id_range  # noqa: E402
from services.core.sql import Sql  # noqa: E402

SERVER = os.environ.get("TEST_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/test"
REDIS = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/0"


def rss_mb() -> float:
    """Resident memory of this process now (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def schema() -> None:
    import importlib

    await Tortoise.generate_schemas()
    connection = Tortoise.get_connection("default")
    for module in MODEL_MODULES:
        for statement in getattr(importlib.import_module(module), "POSTGRES_DDL", []):
            await connection.execute_script(statement)


async def catalog() -> list[Badge]:
    """The default badges, enabled, the route badge on the lowest route id."""
    route_id = await Sql().scalar("SELECT MIN(id) AS id FROM routes")
    badges = []
    for spec in DEFAULT_BADGES:
        criterion = dict(spec["criterion"])
        if criterion.pop(ROUTE_BY_NAME, None) is not None:
            criterion["route_id"] = int(route_id)
        badges.append(await Badge.create(**{**spec, "criterion": criterion, "enabled": True}))
    return badges


async def baseline(badges: list[Badge], per_badge: dict[str, float]) -> float:
    """The criterion SELECTs counted, with the session settings the engine uses."""
    started = time.perf_counter()
    for badge in badges:
        compiled = compile_criterion(badge.criterion, EVERYONE)
        began = time.perf_counter()
        async with in_transaction() as conn:
            db = Sql(conn)
            await db.run("SET LOCAL jit = off")
            await db.run(f"SET LOCAL work_mem = '{engine.AWARD_WORK_MEM}'")
            await db.scalar(f"SELECT COUNT(*) AS n FROM ({compiled.sql}) q", *compiled.params)
        per_badge[badge.key] = time.perf_counter() - began
    return time.perf_counter() - started


async def rerun_per_badge(badges: list[Badge]) -> dict[str, float]:
    """Each badge's award statement once more over everyone (nothing new to insert)."""
    timings = {}
    for badge in badges:
        began = time.perf_counter()
        await engine.award(badge, id_range(1, 2**62))
        timings[badge.key] = time.perf_counter() - began
    return timings


async def timed_sweep() -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    summary = await engine.run_sweep()
    return time.perf_counter() - started, summary


async def bench(args: argparse.Namespace) -> None:
    name = f"convoy_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(SERVER.replace("postgres://", "postgresql://", 1))
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{SERVER.rsplit('/', 1)[0]}/{name}"
    redis = connect(REDIS)
    try:
        runtime.configure(Settings(database_url=url, redis_url=REDIS), redis)
        await Tortoise.init(config=tortoise_config(url))
        await schema()
        spec = GenerationSpec(
            members=args.members, circles=max(1, args.members // 200), events=args.events,
            ledger_entries=args.ledger_entries,
        )  # fmt: skip
        generated = await generate(url, spec)
        print(f"generated: {generated.describe()}")
        badges = await catalog()
        memory_before = rss_mb()
        reads: dict[str, float] = {}
        base = await baseline(badges, reads)
        first, summary = await timed_sweep()
        second, again = await timed_sweep()
        base = min(base, await baseline(badges, reads))
        memory_after = rss_mb()
        writes = await rerun_per_badge(badges)
        print(f"PostgreSQL, {args.members:,} members, {len(badges)} badges")
        print(f"baseline: COUNT(*) over each criterion SELECT  {base:7.2f} s")
        print(f"first sweep ({summary['awarded']:,} awards)        {first:7.2f} s  "
              f"{first / base:.2f}x baseline")  # fmt: skip
        print(f"second sweep ({again['awarded']} awards)             {second:7.2f} s  "
              f"{second / base:.2f}x baseline")  # fmt: skip
        print("per badge: awards, baseline SELECT s, rerun award statement s")
        for badge in badges:
            print(f"  {badge.key:18} {summary['by_badge'].get(badge.key, 0):8,} "
                  f"{reads[badge.key]:6.2f} {writes[badge.key]:6.2f}")  # fmt: skip
        print(f"RSS: {memory_before:.0f} MB before the sweeps, {memory_after:.0f} MB after")
    finally:
        await Tortoise.close_connections()
        await redis.aclose()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--ledger-entries", type=int, default=1_000_000)
    args = parser.parse_args()
    configure_logging(json_logs=True, level=30)
    asyncio.run(bench(args))


if __name__ == "__main__":
    main()
