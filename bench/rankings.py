"""Leaderboards and badges at scale on PostgreSQL: full rebuild, badge sweep, top-100 latency.

    .venv/bin/python bench/rankings.py [--members 20000] [--ledger-entries N] [--clients 64]

Creates its own database on the server of ``--database-url`` (default ``TEST_DATABASE_URL``,
else ``postgres://postgres@127.0.0.1:5432/test``) and drops it afterwards (``--keep`` keeps it
and the boards); Redis from ``TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/0``), keys under a
throw-away prefix. The data set comes from ``convoy generate-data`` (run as a child process, so
its memory does not count below). Each figure is printed beside a baseline of the same run:

* full rebuild of every board (``rebuild_all``) vs one streamed
  ``SELECT member_id, sum(amount) FROM ledger_entries GROUP BY member_id``, with the growth of
  this process's resident memory during each (memory flat: the rows stream);
* badge full sweep (``run_sweep``) over every member vs one scan of each source table it reads;
* leaderboard top-100 over GraphQL (``leaderboard(first: 100)`` with member names), 64 keep-alive
  clients against one uvicorn process, vs a bare Starlette JSON endpoint and a hand-written
  endpoint (``ZRANGE`` + one SELECT of the names) in the same app. Latency is measured closed
  loop (throughput limit) and paced at a fixed rate below it.

A section whose service is missing is skipped with a message.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.rankings_app import TOP_PATH  # noqa: E402

SECRET = "bench-secret-key-that-is-long-enough-0000"
VIN_KEY = "bench-vin-key-that-is-long-enough-000000"
TARGET_P99_MS = 25.0
TARGET_SECONDS = 60.0
TOP_QUERY = """
query Top($first: Int) {
  leaderboard(metric: POINTS_EARNED, scope: GLOBAL, period: ALL_TIME, first: $first) {
    edges { rank score movement member { handle displayName } }
  }
}"""
BASELINE_SUM = "SELECT member_id, sum(amount) FROM ledger_entries GROUP BY member_id"
BASELINE_SCANS = (
    "SELECT count(*) FROM event_registrations r JOIN events e ON e.id = r.event_id "
    "JOIN routes rt ON rt.id = e.route_id WHERE r.status = 'COMPLETED'",
    "SELECT count(*), sum(amount) FROM ledger_entries WHERE kind = 'EARN'",
    "SELECT count(*), sum(score) FROM contribution_scores",
)
#: Used when there is no default catalog: one badge per criterion type that reads generated
#: data, thresholds that a share of the members reach.
BENCH_BADGES: tuple[tuple[str, str, str, bool, dict[str, Any]], ...] = (
    ("first-trip", "首次出行", "EVENTS", False, {"type": "events_completed", "count": 1}),
    ("regular", "常客", "EVENTS", True, {"type": "events_completed", "count": 3}),
    ("hard-trails", "硬派", "ROUTES", False,
     {"type": "events_completed", "count": 1, "min_difficulty": 4}),
    ("desert-rider", "沙漠骑士", "ROUTES", False,
     {"type": "events_completed", "count": 1, "terrain": "DESERT"}),
    ("route-one", "一号线", "ROUTES", False, {"type": "route_completed", "route_id": 1}),
    ("earner", "积分达人", "LOYALTY", False, {"type": "points_earned", "at_least": 5000}),
    ("big-earner", "积分大亨", "LOYALTY", True, {"type": "points_earned", "at_least": 20000}),
    ("helper", "热心车友", "COMMUNITY", False, {"type": "contribution", "at_least": 100}),
    ("writer", "写手", "COMMUNITY", False, {"type": "posts", "at_least": 10}),
    ("streak", "月月出发", "EVENTS", False, {"type": "consecutive_months", "months": 2}),
)  # fmt: skip


# --- measuring ------------------------------------------------------------------------------------


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@contextmanager
def rss_growth() -> Iterator[dict[str, float]]:
    """Samples this process's resident memory every 10 ms; ``growth`` is the peak minus the
    value at the start (MB)."""
    result = {"start": _rss_mb(), "peak": _rss_mb(), "growth": 0.0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.01):
            result["peak"] = max(result["peak"], _rss_mb())

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield result
    finally:
        stop.set()
        thread.join()
        result["peak"] = max(result["peak"], _rss_mb())
        result["growth"] = result["peak"] - result["start"]


async def timed(call: Callable[[], Awaitable[Any]]) -> tuple[float, Any, dict[str, float]]:
    with rss_growth() as memory:
        started = time.perf_counter()
        value = await call()
        seconds = time.perf_counter() - started
    return seconds, value, memory


def line(
    name: str, seconds: float, memory: dict[str, float] | None = None, extra: str = ""
) -> None:
    rss = f"  RSS +{memory['growth']:6.1f} MB (from {memory['start']:.0f})" if memory else ""
    print(f"  {name:44}{seconds:9.2f} s{rss}{extra}")


# --- set-up ---------------------------------------------------------------------------------------


def _pg(url: str) -> str:
    return url.split("?", 1)[0].replace("postgres://", "postgresql://", 1)


async def build_schema(url: str) -> None:
    import importlib

    from tortoise import Tortoise

    from models import MODEL_MODULES
    from runtime.database import tortoise_config

    await Tortoise.init(config=tortoise_config(url))
    try:
        await Tortoise.generate_schemas()
        connection = Tortoise.get_connection("default")
        for module in MODEL_MODULES:
            for statement in getattr(importlib.import_module(module), "POSTGRES_DDL", []):
                await connection.execute_script(statement)
    finally:
        await Tortoise.close_connections()


def generate(args: argparse.Namespace, url: str) -> float:
    """``convoy generate-data`` in a child process; prints and returns its wall time."""
    command = [
        sys.executable, "-m", "api.cli", "generate-data", "--members", str(args.members),
        "--ledger-entries", str(args.ledger_entries), "--events", str(args.events),
        "--circles", str(args.circles), "--seed", str(args.seed), "--database-url", url,
    ]  # fmt: skip
    if not args.key_checks:
        command.append("--no-key-checks")
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  generation {seconds:.1f} s, peak RSS of the generator {peak:.0f} MB (key checks "
          f"{'on' if args.key_checks else 'off'})")  # fmt: skip
    return seconds


async def consistency_section() -> None:
    from services.loyalty.consistency import check_ledger

    seconds, report, _ = await timed(check_ledger)
    print(f"loyalty consistency check: {report['accounts']:,} accounts, mismatches "
          f"{report['mismatches']} ({seconds:.1f} s)")  # fmt: skip


# --- sections -------------------------------------------------------------------------------------


async def rebuild_section(url: str) -> None:
    import asyncpg

    print("full rebuild of all boards")
    try:
        from services.rankings.rebuild import rebuild_all
    except ImportError as error:
        print(f"  skipped: services.rankings.rebuild is missing ({error})")
        return
    connection = await asyncpg.connect(_pg(url))

    async def baseline() -> int:
        rows = 0
        async with connection.transaction():
            async for _ in connection.cursor(BASELINE_SUM, prefetch=10_000):
                rows += 1
        return rows

    try:
        await baseline()  # warm-up: both read the ledger from the page cache
        base_s, base_rows, base_mem = await timed(baseline)
    finally:
        await connection.close()
    line(f"baseline: GROUP BY member_id ({base_rows:,} rows)", base_s, base_mem)
    seconds, summary, memory = await timed(rebuild_all)
    verdict = "PASS" if seconds < TARGET_SECONDS else "FAIL"
    line(
        f"rebuild_all ({summary.get('boards', 0):,} boards, {summary.get('rows', 0):,} rows)",
        seconds,
        memory,
        f"  {seconds / base_s:.1f}x baseline time, target < {TARGET_SECONDS:.0f} s: {verdict}",
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS of this process so far {peak:.0f} MB")


async def _catalog() -> str:
    """The default badge catalog (``fixtures.badges``), or the bench's own when there is none."""
    from models.badges import Badge, BadgeGroup

    try:
        from fixtures.badges import load_default_badges
    except ImportError:
        pass
    else:
        loaded = await load_default_badges()
        return f"default catalog, {await Badge.filter(enabled=True).count()} enabled ({loaded})"
    await Badge.bulk_create(
        [
            Badge(
                key=key,
                name_zh=name,
                name_en=key,
                group=BadgeGroup(group),
                repeatable=repeatable,
                enabled=True,
                criterion=criterion,
            )  # fmt: skip
            for key, name, group, repeatable, criterion in BENCH_BADGES
        ]
    )
    return f"{len(BENCH_BADGES)} bench badges, every criterion type that reads generated data"


async def sweep_section() -> None:
    from services.core.sql import Sql

    print("badge full sweep")
    try:
        from services.badges.engine import run_sweep
    except ImportError as error:
        print(f"  skipped: services.badges.engine is missing ({error})")
        return
    print(f"  catalog: {await _catalog()}")
    db = Sql()

    async def baseline() -> None:
        for statement in BASELINE_SCANS:
            await db.rows(statement)

    await baseline()
    base_s, _, base_mem = await timed(baseline)
    line("baseline: one scan of each source table", base_s, base_mem)
    seconds, summary, memory = await timed(run_sweep)
    verdict = "PASS" if seconds < TARGET_SECONDS else "FAIL"
    line(
        f"run_sweep ({summary.get('badges')} badges, {summary.get('awarded', 0):,} awards)",
        seconds,
        memory,
        f"  {seconds / base_s:.1f}x baseline time, target < {TARGET_SECONDS:.0f} s: {verdict}",
    )
    again_s, again, again_mem = await timed(run_sweep)
    line(f"run_sweep again ({again.get('awarded', 0):,} new awards)", again_s, again_mem)


async def latency_section(args: argparse.Namespace, url: str, prefix: str) -> None:
    from bench import latency
    from bench.load import Request
    from bench.overhead import BARE_PATH
    from bench.server import bench_environment, serve
    from models.members import Member
    from services.accounts.tokens import AccessClaims, issue_access_token

    print(f"leaderboard top 100, {args.clients} clients, one API process")
    try:
        import schema.rankings.queries  # noqa: F401
    except ImportError as error:
        print(f"  skipped: the leaderboard query is missing ({error})")
        return
    member = await Member.all().order_by("id").first()
    assert member is not None
    token = issue_access_token(
        AccessClaims(account_id=member.account_id, member_id=member.id, roles=(), version=0)
    )
    headers = (
        ("Content-Type", "application/json"),
        ("Accept", "application/graphql-response+json"),
        ("Authorization", f"Bearer {token}"),
    )
    body = json.dumps({"query": TOP_QUERY, "variables": {"first": 100}}).encode()
    requests = {
        "bare Starlette JSON": Request("POST", BARE_PATH, b"{}", headers),
        "hand-written: ZRANGE + SELECT": Request("POST", TOP_PATH, b"{}", headers),
        "GraphQL leaderboard(first: 100)": Request("POST", "/graphql", body, headers),
    }
    env = bench_environment(
        DATABASE_URL=url, REDIS_URL=args.redis, REDIS_PREFIX=prefix, SECRET_KEY=SECRET,
        VIN_HASH_KEY=VIN_KEY, RATE_LIMIT_PER_MINUTE=str(10**9), LOG_JSON="true",
    )  # fmt: skip
    graphql = "GraphQL leaderboard(first: 100)"
    unshared = "GraphQL, every request executed"
    closed: dict[str, latency.Latencies] = {}
    paced: dict[str, latency.Latencies] = {}
    # the app as configured (answers shared for SHARED_RESPONSE_SECONDS, 2 s by default) with
    # both baselines, then the same query on a server executing every request
    servers = (
        (env, requests),
        ({**env, "SHARED_RESPONSE_SECONDS": "0"}, {unshared: requests[graphql]}),
    )
    for server_env, measured in servers:
        with serve("bench.rankings_app:make_app", server_env) as server:
            if not await _same_members(server.url, headers, body):
                return
            await _measure(args, server.url, measured, closed, paced)
    for title, results in (
        (f"closed loop ({args.rounds} x {args.seconds:g} s each)", closed),
        (f"paced at {args.rate or 'half the closed-loop rate of each'} req/s "
         f"({args.seconds:g} s each)", paced),
    ):  # fmt: skip
        print(f"  {title}:")
        for name, result in results.items():
            failed = f"  {result.failures} failed" if result.failures else ""
            print(f"    {name:34}{result.describe()}{failed}")
    rate = {name: result.per_second for name, result in closed.items()}
    bare, hand = rate["bare Starlette JSON"], rate["hand-written: ZRANGE + SELECT"]
    print(
        f"  ratio by throughput: GraphQL / bare {rate[graphql] / bare:.2f}x, GraphQL / "
        f"hand-written {rate[graphql] / hand:.2f}x, executed every time / hand-written "
        f"{rate[unshared] / hand:.2f}x"
    )
    p99 = closed[graphql].percentile(0.99)
    print(
        f"  p99 with {args.clients} clients: closed loop {p99:.1f} ms, paced "
        f"{paced[graphql].percentile(0.99):.1f} ms; executed every time: closed loop "
        f"{closed[unshared].percentile(0.99):.1f} ms, paced {paced[unshared].percentile(0.99):.1f}"
        f" ms (target < {TARGET_P99_MS:.0f} ms: {'PASS' if p99 < TARGET_P99_MS else 'FAIL'} "
        "closed loop)"
    )


async def _same_members(base_url: str, headers: tuple[tuple[str, str], ...], body: bytes) -> bool:
    """Checks the GraphQL answer against the hand-written endpoint's (printed)."""
    import httpx

    async with httpx.AsyncClient(base_url=base_url, headers=dict(headers)) as http:
        check = (await http.post("/graphql", content=body, timeout=30)).json()
        hand = (await http.post(TOP_PATH, timeout=30)).json()
    if "errors" in check:
        print(f"  skipped: the query failed: {check['errors']}")
        return False
    edges = check["data"]["leaderboard"]["edges"]
    same = [e["member"] for e in hand["data"]["leaderboard"]["edges"]] == [
        e["member"] for e in edges
    ]
    print(f"  {len(edges)} edges, best {edges[0]['score'] if edges else '-'} points; "
          f"hand-written endpoint returns the same members: {same}")  # fmt: skip
    return True


async def _measure(
    args: argparse.Namespace,
    base_url: str,
    requests: dict[str, Any],
    closed: dict[str, Any],
    paced: dict[str, Any],
) -> None:
    """Closed-loop rounds of every request (alternating), then each paced at ``--rate`` or at
    half its own closed-loop rate."""
    from bench import latency

    for request in requests.values():  # warm-up
        await latency.measure(base_url, request, clients=args.clients, seconds=2)
    for _ in range(args.rounds):
        for name, request in requests.items():
            result = await latency.measure(
                base_url, request, clients=args.clients, seconds=args.seconds,
                reject=b'"errors"',
            )  # fmt: skip
            closed[name] = closed[name].merged(result) if name in closed else result
    for name, request in requests.items():
        rate = args.rate or max(10.0, round(closed[name].per_second * 0.5, -1))
        paced[name] = await latency.measure(
            base_url, request, clients=args.clients, seconds=args.seconds, rate=rate,
            reject=b'"errors"',
        )  # fmt: skip


# --- main -----------------------------------------------------------------------------------------


async def bench(args: argparse.Namespace) -> None:
    import asyncpg
    from tortoise import Tortoise

    import runtime
    from runtime.config import Settings
    from runtime.database import tortoise_config
    from runtime.logs import configure_logging
    from runtime.redis_client import connect
    from services.loyalty.seed import seed_defaults

    name = args.reuse or f"convoy_bench_rankings_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(_pg(args.database_url))
    url = f"{args.database_url.split('?', 1)[0].rsplit('/', 1)[0]}/{name}"
    prefix = f"{name}:"
    redis = connect(args.redis)
    if args.reuse:
        print(f"PostgreSQL {name}: reusing the data of an earlier --keep run")
    else:
        await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        if not args.reuse:
            await build_schema(url)
            print(f"PostgreSQL {name}: generating {args.members:,} members, "
                  f"{args.ledger_entries:,} ledger entries, {args.events:,} events, "
                  f"{args.circles:,} circles")  # fmt: skip
            generate(args, url)
        configure_logging(json_logs=True, level=30)
        settings = Settings(
            database_url=url, redis_url=args.redis, redis_prefix=prefix, secret_key=SECRET,
            vin_hash_key=VIN_KEY,
        )  # fmt: skip
        runtime.configure(settings, redis)
        await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
        await seed_defaults()
        if args.check:
            await consistency_section()
        if "rebuild" in args.sections:
            await rebuild_section(url)
        if "sweep" in args.sections:
            await sweep_section()
        if "latency" in args.sections:
            await latency_section(args, url, prefix)
    finally:
        await Tortoise.close_connections()
        if args.keep or args.reuse:
            print(f"kept database {url} and Redis keys {prefix}* (--reuse {name})")
        else:
            keys = [key async for key in redis.scan_iter(match=f"{prefix}*", count=10_000)]
            for start in range(0, len(keys), 10_000):
                await redis.delete(*keys[start : start + 10_000])
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await redis.aclose()
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--ledger-entries", type=int, help="default: 10 per member")
    parser.add_argument("--events", type=int, help="default: one per 20 members")
    parser.add_argument("--circles", type=int, help="default: one per 500 members, at least 10")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--key-checks", action="store_true",
                        help="check foreign keys row by row while generating (slower)")  # fmt: skip
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=5.0, help="per latency measurement")
    parser.add_argument("--rounds", type=int, default=2, help="closed-loop rounds per endpoint")
    parser.add_argument("--rate", type=float, help="paced rate (default: half the GraphQL max)")
    parser.add_argument("--sections", nargs="+", default=["rebuild", "sweep", "latency"],
                        choices=["rebuild", "sweep", "latency"])  # fmt: skip
    parser.add_argument("--database-url", default=os.environ.get("TEST_DATABASE_URL")
                        or "postgres://postgres@127.0.0.1:5432/test")  # fmt: skip
    parser.add_argument("--redis", default=os.environ.get("TEST_REDIS_URL")
                        or "redis://127.0.0.1:6379/0")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the database and Redis keys")
    parser.add_argument("--reuse", metavar="DATABASE",
                        help="run the sections on the database of an earlier --keep run "
                        "(no generation; kept afterwards)")  # fmt: skip
    parser.add_argument("--check", action="store_true",
                        help="run the loyalty consistency check on the generated data")  # fmt: skip
    args = parser.parse_args()
    args.ledger_entries = (
        args.ledger_entries if args.ledger_entries is not None else args.members * 10
    )
    args.events = args.events if args.events is not None else args.members // 20
    args.circles = args.circles or min(args.members, max(10, args.members // 500))
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("the rankings benchmark runs on PostgreSQL: give --database-url postgres://…")
    asyncio.run(bench(args))


if __name__ == "__main__":
    main()
