"""Event sign-ups per second on PostgreSQL, against a bare baseline in the same run.

    .venv/bin/python bench/signup.py [--signups 1000] [--pool 10] [--rounds 3]

Creates (and drops) its own database on the server of ``TEST_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/test``), uses ``TEST_REDIS_URL`` (default
``redis://127.0.0.1:6379/0``) for the live updates every sign-up publishes. Each round fires
``--signups`` concurrent sign-ups (one per member, each with their own vehicle) at a new event
with 20 seats, with the same database pool size for every contender:

* baseline: per sign-up, one asyncpg transaction with the bare statements the seat needs (the
  conditional ``seats_taken < capacity`` UPDATE, else the waitlist UPDATE … RETURNING, and the
  registration INSERT): what taking a seat costs at best;
* ``sign_up`` of a free event: idempotency claim, requirement checks, seat or waitlist,
  live update;
* ``sign_up`` of a paid event (10 points): the same plus the fee hold in a savepoint.

DESIGN §5: 1,000 concurrent sign-ups for 20 seats -> exactly 20 confirmed, the rest waitlisted
in order (positions 1..N-20, no gaps), >= 500 sign-ups/s; fees held = 20 x fee.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg  # noqa: E402
from tortoise import Tortoise  # noqa: E402

import runtime  # noqa: E402
from models import events as event_models  # noqa: E402
from models import loyalty as loyalty_models  # noqa: E402
from models.accounts import Account  # noqa: E402
from models.circles import Circle, CircleKind  # noqa: E402
from models.events import Event, EventStatus, Registration, RegistrationStatus  # noqa: E402
from models.members import Drivetrain, Member, Vehicle, VehicleModel  # noqa: E402
from models.routes import Route, Terrain  # noqa: E402
from runtime.config import Settings  # noqa: E402
from runtime.database import keep_session, tortoise_config  # noqa: E402
from runtime.logs import configure_logging  # noqa: E402
from runtime.redis_client import connect  # noqa: E402
from services.core.actors import MemberActor  # noqa: E402
from services.core.sql import Sql  # noqa: E402
from services.events.seats import waitlist_positions  # noqa: E402
from services.events.signup import sign_up  # noqa: E402
from services.loyalty.seed import seed_defaults  # noqa: E402
from services.loyalty.staff import grant_points  # noqa: E402

SERVER = os.environ.get("TEST_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/test"
REDIS = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/0"
ADMIN = MemberActor(id=0, roles=("admin",))
SEATS = 20
FEE = 10
TARGET_RATE = 500


async def make_world(count: int) -> tuple[list[tuple[int, int]], Circle, Route]:
    """``count`` members with 1,000 points and a 4WD vehicle each, a circle and a route."""
    tag = uuid.uuid4().hex[:6]
    await Account.bulk_create(
        [Account(email=f"s{tag}{i}@bench.test", password_hash="!") for i in range(count)]
    )
    accounts = await Account.filter(email__startswith=f"s{tag}").order_by("id")
    await Member.bulk_create([
        Member(account_id=a.id, handle=f"s{a.id}", handle_key=f"s{a.id}", display_name="S")
        for a in accounts
    ])  # fmt: skip
    ids = list(await Member.all().order_by("id").values_list("id", flat=True))
    model = await VehicleModel.create(key="bench-4wd", brand="Bench", name="4WD", name_zh="四驱",
                                      drivetrain=Drivetrain.FOUR_WD)  # fmt: skip
    await Vehicle.bulk_create([Vehicle(owner_id=i, model_id=model.id, year=2024) for i in ids])
    vehicles = dict(await Vehicle.all().values_list("owner_id", "id"))
    await grant_points(actor=ADMIN, member_ids=ids, amount=1_000, reason="bench funding",
                       idempotency_key=f"bench-{tag}")  # fmt: skip
    circle = await Circle.create(slug=f"bench-{tag}", name="Bench", kind=CircleKind.CITY)
    route = await Route.create(name="Bench", region="Bench", terrain=Terrain.DESERT,
                               difficulty=2, distance_km=100.0)  # fmt: skip
    return [(i, vehicles[i]) for i in ids], circle, route


async def new_event(circle: Circle, route: Route, fee: int) -> Event:
    now = datetime.now(UTC)
    start = now + timedelta(days=10)
    return await Event.create(
        circle=circle, route=route, title="Bench", status=EventStatus.PUBLISHED, starts_at=start,
        ends_at=start + timedelta(hours=8), meeting_city="Bench", capacity=SEATS,
        signup_opens_at=now - timedelta(hours=1), signup_closes_at=start - timedelta(days=1),
        cancel_deadline=start - timedelta(days=2), fee_points=fee,
    )  # fmt: skip


async def baseline(pool: asyncpg.Pool, event: Event, people: list[tuple[int, int]]) -> float:
    """Bare seat-or-waitlist transactions over asyncpg."""

    async def one(member_id: int, vehicle_id: int) -> None:
        async with pool.acquire() as conn, conn.transaction():
            taken = await conn.execute(
                "UPDATE events SET seats_taken = seats_taken + 1 "
                "WHERE id = $1 AND status = 'PUBLISHED' AND seats_taken < capacity",
                event.id,
            )
            seq = None
            if taken.endswith(" 0"):
                seq = await conn.fetchval(
                    "UPDATE events SET waitlist_seq = waitlist_seq + 1, "
                    "waitlist_length = waitlist_length + 1 WHERE id = $1 RETURNING waitlist_seq",
                    event.id,
                )
            await conn.execute(
                "INSERT INTO event_registrations (event_id, member_id, vehicle_id, passengers, "
                "status, waitlist_seq, checkin_nonce, created_at, updated_at) "
                "VALUES ($1, $2, $3, 0, $4, $5, 'n', now(), now())",
                event.id, member_id, vehicle_id, "WAITLISTED" if seq else "CONFIRMED", seq,
            )  # fmt: skip

    started = time.perf_counter()
    await asyncio.gather(*(one(m, v) for m, v in people))
    return len(people) / (time.perf_counter() - started)


async def service(event: Event, people: list[tuple[int, int]]) -> float:
    async def one(member_id: int, vehicle_id: int) -> None:
        await sign_up(actor=MemberActor(id=member_id), event_id=event.id,
                      vehicle_id=vehicle_id, idempotency_key=f"bench-{event.id}")  # fmt: skip

    started = time.perf_counter()
    await asyncio.gather(*(one(m, v) for m, v in people))
    return len(people) / (time.perf_counter() - started)


async def check(event: Event, total: int) -> dict[str, Any]:
    """Exactly SEATS confirmed, the rest waitlisted at positions 1..N without gaps."""
    statuses = await Registration.filter(event_id=event.id).values_list("status", flat=True)
    waiting = (
        await Registration.filter(event_id=event.id, status=RegistrationStatus.WAITLISTED)
        .order_by("waitlist_seq")
        .values_list("id", flat=True)
    )
    positions = await waitlist_positions(Sql(), list(waiting))
    held = await Sql().scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM points_holds WHERE status = 'HELD' "
        "AND source_ref LIKE ?",
        f"event:{event.id}:registration:%",
    )
    stored = await Event.get(id=event.id)
    return {
        "confirmed": list(statuses).count(RegistrationStatus.CONFIRMED),
        "waitlisted": len(waiting),
        "ordered": [positions[i] for i in waiting] == list(range(1, total - SEATS + 1)),
        "counters": (stored.seats_taken, stored.waitlist_length) == (SEATS, total - SEATS),
        "held": int(held or 0),
    }


async def measure(args: argparse.Namespace, url: str) -> dict[str, Any]:
    await seed_defaults()
    people, circle, route = await make_world(args.signups)
    dsn = url.replace("postgres://", "postgresql://", 1)
    pool = await asyncpg.create_pool(
        dsn, min_size=args.pool, max_size=args.pool, reset=keep_session
    )
    rates: dict[str, list[float]] = {"baseline": [], "free": [], "paid": []}
    checks: list[dict[str, Any]] = []
    for _ in range(args.rounds):
        rates["baseline"].append(await baseline(pool, await new_event(circle, route, 0), people))
        free = await new_event(circle, route, 0)
        rates["free"].append(await service(free, people))
        checks.append({**await check(free, len(people)), "fee": 0})
        paid = await new_event(circle, route, FEE)
        rates["paid"].append(await service(paid, people))
        checks.append({**await check(paid, len(people)), "fee": FEE})
    await pool.close()
    return {"rates": rates, "checks": checks}


def report(args: argparse.Namespace, r: dict[str, Any]) -> None:
    median = {name: statistics.median(values) for name, values in r["rates"].items()}
    base = median["baseline"]
    print(f"PostgreSQL, {args.signups} concurrent sign-ups for {SEATS} seats per measurement, "
          f"pool of {args.pool}, median of {args.rounds} rounds")  # fmt: skip
    print(f"baseline: bare seat UPDATE + INSERT   {base:8.0f} /s")
    print(f"sign_up, free event                  {median['free']:8.0f} /s  "
          f"{median['free'] / base:.2f}x baseline")  # fmt: skip
    print(f"sign_up, paid event ({FEE} points)       {median['paid']:8.0f} /s  "
          f"{median['paid'] / base:.2f}x baseline")  # fmt: skip
    print("runs:", {k: [round(v) for v in vs] for k, vs in r["rates"].items()})
    exact = all(
        c["confirmed"] == SEATS and c["ordered"] and c["counters"] and c["held"] == SEATS * c["fee"]
        for c in r["checks"]
    )
    fast = min(median["free"], median["paid"]) >= TARGET_RATE
    print(f"exactly {SEATS} confirmed, rest waitlisted 1..{args.signups - SEATS} without gaps, "
          f"fees held = {SEATS} x fee in every round: {'yes' if exact else 'NO'}; "
          f">= {TARGET_RATE}/s: {'yes' if fast else 'NO'}")  # fmt: skip
    print("PASS" if exact and fast else "FAIL")


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
        for statement in [*loyalty_models.POSTGRES_DDL, *event_models.POSTGRES_DDL]:
            await Tortoise.get_connection("default").execute_script(statement)
        report(args, await measure(args, url))
    finally:
        await Tortoise.close_connections()
        await redis.aclose()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signups", type=int, default=1000, help="concurrent, per round")
    parser.add_argument("--pool", type=int, default=10, help="database connections")
    parser.add_argument("--rounds", type=int, default=3, help="alternating measurements each")
    args = parser.parse_args()
    configure_logging(json_logs=True, level=30)
    asyncio.run(bench(args))


if __name__ == "__main__":
    main()
