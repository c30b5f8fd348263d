"""Home feed throughput: a member in 20 circles, 100,000 posts in 200 circles.

    .venv/bin/python bench/feed.py [--seconds 4] [--clients 8] [--rounds 3] [--posts 100000]

Creates its own PostgreSQL database on the server of ``TEST_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/test``) and drops it afterwards; Redis from
``TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/0``, keys under a throw-away prefix).
Members and circles are created through the ORM, the posts with one COPY.

Measured in alternating rounds in one process, ``--clients`` concurrent asyncio clients each:

* app: ``viewer { homeFeed(first: 20) { … } }`` over HTTP (httpx over ASGI) through the whole
  app (auth, rate limit, limits, GraphQL, loaders, privacy rule for the authors);
* baseline: the same page fetched with one hand-written asyncpg query and ``json.dumps``, over
  a pool of the same size as the ORM's.

The medians and their ratio are printed. Runs in seconds, not minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import asyncpg  # noqa: E402
import httpx  # noqa: E402
from asgi_lifespan import LifespanManager  # noqa: E402

CIRCLES = 200
JOINED = 20
AUTHORS = 1000
POOL = 5  # tortoise's default asyncpg pool size, used for the baseline too
FEED = """
query Home($first: Int) {
  viewer {
    homeFeed(first: $first) {
      edges {
        cursor
        node {
          id kind title bodyHtml createdAt commentCount
          reactions { like helpful cheer }
          author { handle displayName }
          circle { name }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}"""
BASELINE_SQL = """
SELECT p.id, p.kind, p.title, p.body_html, p.created_at, p.comment_count,
       p.like_count, p.helpful_count, p.cheer_count, m.handle, m.display_name, c.name
FROM circle_posts p
JOIN members m ON m.id = p.author_id
JOIN circles c ON c.id = p.circle_id
WHERE p.status = 'VISIBLE'
  AND p.circle_id IN (
    SELECT circle_id FROM circle_memberships WHERE member_id = $1 AND status = 'ACTIVE')
ORDER BY p.id DESC
LIMIT $2
"""


def _urls() -> tuple[str, str]:
    server = os.environ.get("TEST_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/test"
    redis = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/0"
    return server, redis


def _pg(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


@contextlib.asynccontextmanager
async def scratch_database(server: str, prefix: str) -> AsyncIterator[str]:
    """A new database on ``server`` for one run (its URL), dropped afterwards."""
    name = f"{prefix}_{os.getpid()}"
    admin = await asyncpg.connect(_pg(server))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield f"{server.rsplit('/', 1)[0]}/{name}"
    finally:
        admin = await asyncpg.connect(_pg(server))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


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


async def load(url: str, posts: int) -> int:
    """The community (through the ORM) and ``posts`` posts (one COPY). Returns the reader's
    member id."""
    from models.accounts import Account
    from models.circles import Circle, CircleKind, Membership, MembershipStatus
    from models.members import Member

    await Account.bulk_create(
        [Account(email=f"rider{n}@bench.example", password_hash="!") for n in range(AUTHORS + 1)]
    )
    accounts = await Account.all().order_by("id").values_list("id", flat=True)
    await Member.bulk_create(
        [
            Member(
                account_id=account_id,
                handle=f"rider{n}",
                handle_key=f"rider{n}",
                display_name=f"车友{n}",
                city="北京",
            )
            for n, account_id in enumerate(accounts)
        ]
    )
    members = await Member.all().order_by("id").values_list("id", flat=True)
    reader, authors = members[0], members[1:]
    await Circle.bulk_create(
        [
            Circle(slug=f"circle-{n}", name=f"圈子{n}", kind=CircleKind.INTEREST, member_count=25)
            for n in range(CIRCLES)
        ]
    )
    circles = await Circle.all().order_by("id").values_list("id", flat=True)
    now = datetime.now(UTC)
    rows = [
        Membership(circle_id=c, member_id=authors[(i * 25 + k) % len(authors)], status="ACTIVE")
        for i, c in enumerate(circles)
        for k in range(25)
    ]
    rows += [
        Membership(circle_id=c, member_id=reader, status=MembershipStatus.ACTIVE, joined_at=now)
        for c in circles[:: CIRCLES // JOINED][:JOINED]
    ]
    await Membership.bulk_create(rows, batch_size=2000)
    start = now - timedelta(seconds=posts)
    records = [
        (
            circles[n % CIRCLES],
            authors[(n * 7) % len(authors)],
            "TEXT",
            f"帖子 {n}",
            "今天去了**库布其**。",
            "<p>今天去了<strong>库布其</strong>。</p>",
            "[]",
            "VISIBLE",
            False,
            n % 5,
            n % 11,
            n % 3,
            0,
            start + timedelta(seconds=n),
        )
        for n in range(posts)
    ]
    connection = await asyncpg.connect(_pg(url))
    try:
        await connection.copy_records_to_table(
            "circle_posts",
            records=records,
            columns=[
                "circle_id", "author_id", "kind", "title", "body", "body_html", "images",
                "status", "pinned", "comment_count", "like_count", "helpful_count",
                "cheer_count", "created_at",
            ],
        )  # fmt: skip
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    return int(reader)


async def run_for(seconds: float, clients: int, call: Callable[[], Awaitable[Any]]) -> float:
    """Calls per second with ``clients`` concurrent callers for ``seconds``."""
    deadline = time.perf_counter() + seconds
    done = 0

    async def client() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await call()
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return done / (time.perf_counter() - started)


def baseline_page(rows: list[Any], first: int) -> bytes:
    """The JSON the app returns, built by hand."""
    edges = [
        {
            "node": {
                "id": row["id"],
                "kind": row["kind"],
                "title": row["title"],
                "bodyHtml": row["body_html"],
                "createdAt": row["created_at"].isoformat(),
                "commentCount": row["comment_count"],
                "reactions": {
                    "like": row["like_count"],
                    "helpful": row["helpful_count"],
                    "cheer": row["cheer_count"],
                },
                "author": {"handle": row["handle"], "displayName": row["display_name"]},
                "circle": {"name": row["name"]},
            }
        }
        for row in rows[:first]
    ]
    page = {"hasNextPage": len(rows) > first, "endCursor": edges[-1]["node"]["id"]}
    body = {"data": {"viewer": {"homeFeed": {"edges": edges, "pageInfo": page}}}}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(devnull)
        os.close(saved)


async def _rounds(
    args: argparse.Namespace,
    app_call: Callable[[], Awaitable[Any]],
    baseline_call: Callable[[], Awaitable[Any]],
) -> dict[str, list[float]]:
    """A warm-up of each, then alternating measured rounds."""
    await run_for(1.0, args.clients, app_call)
    await run_for(1.0, args.clients, baseline_call)
    rates: dict[str, list[float]] = {"app": [], "baseline": []}
    for _ in range(args.rounds):
        rates["app"].append(await run_for(args.seconds, args.clients, app_call))
        rates["baseline"].append(await run_for(args.seconds, args.clients, baseline_call))
    return rates


async def measure(args: argparse.Namespace, url: str, redis_url: str) -> None:
    from api.app import create_app
    from runtime.config import Settings
    from runtime.database import keep_session
    from services.accounts.tokens import AccessClaims, issue_access_token

    settings = Settings(
        database_url=url,
        redis_url=redis_url,
        redis_prefix=f"benchfeed{os.getpid()}:",
        secret_key="bench-secret-key-that-is-long-enough-0000",
        vin_hash_key="bench-vin-key-that-is-long-enough-000000",
        rate_limit_per_minute=10**9,
        log_json=True,
    )
    app = create_app(settings)
    async with LifespanManager(app) as manager:
        import logging

        logging.disable(logging.INFO)  # the per-request access log line would dominate
        loaded = time.perf_counter()
        reader = await load(url, args.posts)
        print(f"loaded {args.posts:,} posts in {time.perf_counter() - loaded:.1f} s")
        from models.members import Member

        member = await Member.get(id=reader)
        token = issue_access_token(
            AccessClaims(account_id=member.account_id, member_id=reader, roles=(), version=0)
        )
        transport = httpx.ASGITransport(app=manager.app)
        headers = {"authorization": f"Bearer {token}", "accept": "application/json"}
        body = {"query": FEED, "variables": {"first": 20}}
        pool = await asyncpg.create_pool(_pg(url), min_size=POOL, max_size=POOL, reset=keep_session)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:

            async def app_call() -> bytes:
                response = await http.post("/graphql", json=body, headers=headers)
                if response.status_code != 200 or b'"errors"' in response.content:
                    raise RuntimeError(response.text[:500])
                return response.content

            async def baseline_call() -> bytes:
                async with pool.acquire() as connection:
                    rows = await connection.fetch(BASELINE_SQL, reader, 21)
                return baseline_page(rows, 20)

            app_ids = [
                e["node"]["title"]
                for e in json.loads(await app_call())["data"]["viewer"]["homeFeed"]["edges"]
            ]
            base_ids = [
                e["node"]["title"]
                for e in json.loads(await baseline_call())["data"]["viewer"]["homeFeed"]["edges"]
            ]
            assert app_ids == base_ids and len(app_ids) == 20, (app_ids, base_ids)
            if args.explain:
                async with pool.acquire() as connection:
                    plan = await connection.fetch("EXPLAIN ANALYZE " + BASELINE_SQL, reader, 21)
                print("\n".join(row[0] for row in plan))
            with _quiet_stderr():  # the app still formats and writes its access log lines
                rates = await _rounds(args, app_call, baseline_call)
        await pool.close()
    app_rate, base_rate = statistics.median(rates["app"]), statistics.median(rates["baseline"])
    runs = {name: ", ".join(f"{v:.0f}" for v in values) for name, values in rates.items()}
    print(f"{args.clients} clients, {args.rounds} x {args.seconds:g} s each, first: 20")
    print(f"{'':42}{'pages/s':>9}  runs")
    print(f"{'baseline: one asyncpg query + json.dumps':42}{base_rate:9.0f}  {runs['baseline']}")
    print(f"{'app: GraphQL viewer.homeFeed over HTTP':42}{app_rate:9.0f}  {runs['app']}")
    print(f"ratio {app_rate / base_rate:.2f}x")


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="per measurement")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="alternating measurements each")
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--explain", action="store_true", help="print the baseline's plan")
    args = parser.parse_args()
    server, redis_url = _urls()
    async with scratch_database(server, "convoy_bench_feed") as url:
        await build_schema(url)
        await measure(args, url, redis_url)


if __name__ == "__main__":
    asyncio.run(main())
