"""Redemptions and ledger appends per second on PostgreSQL, against a bare baseline.

    .venv/bin/python bench/redemption.py [--clients 100] [--operations 2000] [--pool 10]

Creates (and drops) its own database on the server of ``TEST_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/test``), uses ``TEST_REDIS_URL`` (default
``redis://127.0.0.1:6379/0``). Measured with the same number of concurrent clients and the same
pool size, at the service level (``redeem_reward``, ``ledger.earn``):

* baseline: a bare single-row conditional UPDATE (``balance = balance - 1 WHERE balance >= 1``)
  over asyncpg, each client on its own row: what one atomic debit costs at best;
* redemptions/s and ledger appends/s, each with its ratio to the baseline;
* DESIGN §5: 1,000 concurrent redemptions of a reward with stock 50 -> exactly 50 coupons, no
  negative balance, >= 500 redemptions/s. Then the consistency check must find nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg  # noqa: E402
from tortoise import Tortoise  # noqa: E402

from models import loyalty as loyalty_models  # noqa: E402
from models.accounts import Account  # noqa: E402
from models.loyalty import Coupon, PointsAccount, Reward, RewardKind  # noqa: E402
from models.members import Member  # noqa: E402
from runtime.config import Settings  # noqa: E402
from runtime.database import keep_session, tortoise_config  # noqa: E402
from runtime.logs import configure_logging  # noqa: E402
from runtime.redis_client import connect  # noqa: E402
from services import runtime  # noqa: E402
from services.errors import DomainError  # noqa: E402
from services.loyalty import ledger  # noqa: E402
from services.loyalty.consistency import check_ledger  # noqa: E402
from services.loyalty.rewards import redeem_reward  # noqa: E402
from services.loyalty.seed import seed_defaults  # noqa: E402
from services.loyalty.staff import grant_points  # noqa: E402

SERVER = os.environ.get("TEST_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/test"
REDIS = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/0"
ADMIN = SimpleNamespace(id=0, roles=["admin"])
TARGET_RATE = 500


async def run_clients(
    clients: int, total: int, work: Callable[[int, int], Awaitable[object]]
) -> float:
    """Run ``total`` calls of ``work(client, n)`` spread over ``clients`` concurrent loops and
    return calls per second."""
    per_client = total // clients

    async def client(index: int) -> None:
        for n in range(per_client):
            await work(index, n)

    started = time.perf_counter()
    await asyncio.gather(*(client(index) for index in range(clients)))
    return per_client * clients / (time.perf_counter() - started)


async def baseline(pool: asyncpg.Pool, clients: int, total: int) -> float:
    """Bare conditional single-row UPDATEs over asyncpg, one row per client."""
    await pool.execute(
        "CREATE TABLE IF NOT EXISTS bench_baseline "
        "(id int PRIMARY KEY, balance bigint CHECK (balance >= 0))"
    )
    await pool.execute(
        "INSERT INTO bench_baseline SELECT g, 1000000 FROM generate_series(0, $1) g "
        "ON CONFLICT (id) DO NOTHING",
        clients,
    )

    async def debit(client: int, _: int) -> None:
        await pool.execute(
            "UPDATE bench_baseline SET balance = balance - 1 WHERE id = $1 AND balance >= 1",
            client,
        )

    return await run_clients(clients, total, debit)


async def make_members(count: int) -> list[int]:
    tag = uuid.uuid4().hex[:6]
    await Account.bulk_create(
        [Account(email=f"b{tag}{i}@bench.test", password_hash="!") for i in range(count)]
    )
    accounts = await Account.filter(email__startswith=f"b{tag}").order_by("id")
    await Member.bulk_create(
        [
            Member(account_id=a.id, handle=f"b{a.id}", handle_key=f"b{a.id}", display_name="B")
            for a in accounts
        ]
    )
    ids = list(
        await Member.filter(handle_key__startswith="b").order_by("id").values_list("id", flat=True)
    )
    await grant_points(actor=ADMIN, member_ids=ids, amount=100_000, reason="bench funding",
                       idempotency_key=f"bench-{tag}")  # fmt: skip
    return ids


async def design_check(members: list[int]) -> tuple[float, int, int]:
    """1,000 concurrent redemptions of a reward with stock 50: (attempts/s, coupons, lowest
    balance)."""
    reward = await Reward.create(
        kind=RewardKind.MERCHANDISE, name_zh="限量", name_en="Limited", points_price=500, stock=50
    )

    async def attempt(member_id: int) -> None:
        with contextlib.suppress(DomainError):  # OUT_OF_STOCK for all but 50
            await redeem_reward(
                actor=SimpleNamespace(id=member_id), reward_id=reward.id, idempotency_key="ltd"
            )

    started = time.perf_counter()
    await asyncio.gather(*(attempt(member_id) for member_id in members[:1000]))
    rate = 1000 / (time.perf_counter() - started)
    coupons = await Coupon.filter(reward_id=reward.id).count()
    lowest = await PointsAccount.all().order_by("balance").first()
    return rate, coupons, lowest.balance if lowest else 0


async def measure(args: argparse.Namespace, url: str) -> dict[str, Any]:
    """Alternate the three throughput measurements ``--rounds`` times (medians reported), then
    run the DESIGN check and the consistency check."""
    await seed_defaults()
    members = await make_members(max(1000, args.clients))
    reward = await Reward.create(
        kind=RewardKind.WASH, name_zh="洗车", name_en="Wash", points_price=10, stock=None
    )
    dsn = url.replace("postgres://", "postgresql://", 1)
    pool = await asyncpg.create_pool(
        dsn, min_size=args.pool, max_size=args.pool, reset=keep_session
    )
    rates: dict[str, list[float]] = {"baseline": [], "redemptions": [], "appends": []}
    keys = itertools.count()

    async def redeem(client: int, _: int) -> None:
        actor = SimpleNamespace(id=members[client])
        await redeem_reward(actor=actor, reward_id=reward.id, idempotency_key=f"r{next(keys)}")

    async def append(client: int, _: int) -> None:
        key = f"p{next(keys)}"
        await ledger.earn(members[client], "PURCHASE", amount=1, idempotency_key=key)

    for _ in range(args.rounds):
        rates["baseline"].append(await baseline(pool, args.clients, args.operations))
        rates["redemptions"].append(await run_clients(args.clients, args.operations, redeem))
        rates["appends"].append(await run_clients(args.clients, args.operations, append))
    await pool.close()
    rate, coupons, lowest = await design_check(members)
    result: dict[str, Any] = {name: statistics.median(values) for name, values in rates.items()}
    result["runs"] = rates
    result.update(rate=rate, coupons=coupons, lowest=lowest, consistency=await check_ledger())
    return result


def report(args: argparse.Namespace, r: dict[str, Any]) -> None:
    ok = r["coupons"] == 50 and r["lowest"] >= 0 and r["rate"] >= TARGET_RATE
    base = r["baseline"]
    print(f"PostgreSQL, {args.clients} concurrent clients, pool of {args.pool}, "
          f"{args.operations} operations per measurement, median of {args.rounds}")  # fmt: skip
    print(f"baseline: bare conditional UPDATE  {base:8.0f} /s")
    print(f"redemptions (redeem_reward)        {r['redemptions']:8.0f} /s  "
          f"{r['redemptions'] / base:.2f}x baseline")  # fmt: skip
    print(f"ledger appends (ledger.earn)       {r['appends']:8.0f} /s  "
          f"{r['appends'] / base:.2f}x baseline")  # fmt: skip
    print(f"1,000 concurrent redemptions of stock 50: {r['coupons']} coupons, lowest balance "
          f"{r['lowest']}, {r['rate']:.0f} attempts/s (target >= {TARGET_RATE}/s): "
          f"{'PASS' if ok else 'FAIL'}")  # fmt: skip
    checked = r["consistency"]
    print(f"consistency: {checked['accounts']} accounts, mismatches {checked['mismatches']}")


async def bench(args: argparse.Namespace) -> None:
    name = f"convoy_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(SERVER.replace("postgres://", "postgresql://", 1))
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{SERVER.rsplit('/', 1)[0]}/{name}"
    redis = connect(REDIS)
    try:
        settings = Settings(database_url=url, redis_url=REDIS, redis_prefix=f"{name}:")
        runtime.configure(settings, redis)
        pool = f"maxsize={args.pool}&minsize={args.pool}"
        await Tortoise.init(config=tortoise_config(f"{url}?{pool}"))
        await Tortoise.generate_schemas()
        for statement in loyalty_models.POSTGRES_DDL:
            await Tortoise.get_connection("default").execute_script(statement)
        report(args, await measure(args, url))
    finally:
        await Tortoise.close_connections()
        await redis.aclose()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--operations", type=int, default=2000, help="per measurement")
    parser.add_argument("--pool", type=int, default=10, help="database connections")
    parser.add_argument("--rounds", type=int, default=3, help="alternating measurements each")
    args = parser.parse_args()
    configure_logging(json_logs=True, level=30)
    asyncio.run(bench(args))


if __name__ == "__main__":
    main()
