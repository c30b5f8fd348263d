""" "Member home" throughput: profile, tier, balance, 10 badges, circles and next events in one
query, against a hand-written asyncpg endpoint returning the same JSON (DESIGN §5).

    .venv/bin/python bench/home.py [--seconds 4] [--clients 8] [--rounds 3] [--members 2000]

Creates its own PostgreSQL database on the server of ``TEST_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/test``) and drops it afterwards; Redis from
``TEST_REDIS_URL`` (keys under a throw-away prefix). ``--members`` members with points, 40
badges awarded around, 200 circles and 400 upcoming events; the reader holds 12 badges, is in
10 circles and signed up for 6 upcoming events (all through the ORM and the ledger).

Measured in alternating rounds in one process, ``--clients`` concurrent asyncio clients each:

* app: the ``HOME`` query over HTTP (httpx over ASGI) through the whole app (auth, rate
  limit, limits, GraphQL, loaders);
* baseline: the same JSON from hand-written asyncpg queries (one per list, run concurrently on
  a pool of the ORM's size) and ``json.dumps``.

Both answers are checked equal before measuring. The medians and their ratio are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import asyncpg  # noqa: E402
import httpx  # noqa: E402
from asgi_lifespan import LifespanManager  # noqa: E402

from bench.compare import bodies, execution_times, profile, report, rounds  # noqa: E402
from bench.feed import (  # noqa: E402
    POOL,
    _pg,
    _quiet_stderr,
    _urls,
    build_schema,
    scratch_database,
)

#: The trusted document (schema/compiled/documents/MemberHome.graphql).
HOME = "MemberHome"
PAGE = 10
PROFILE_SQL = """
SELECT m.handle, m.display_name, m.avatar_url, m.city,
       COALESCE(a.balance, 0) AS balance, COALESCE(a.held, 0) AS held,
       t.key AS tier_key, t.name_zh AS tier_name_zh,
       n.key AS next_key, n.threshold AS next_threshold
FROM members m
LEFT JOIN points_accounts a ON a.member_id = m.id
LEFT JOIN member_tiers mt ON mt.member_id = m.id
JOIN tiers t ON t.rank = COALESCE(mt.rank, 0)
LEFT JOIN tiers n ON n.rank = t.rank + 1
WHERE m.id = $1
"""
BADGES_SQL = """
SELECT mb.occurrence, mb.awarded_at, b.key, b.name_zh, b.tier, b.icon_url, b.holder_pct
FROM member_badges mb JOIN badges b ON b.id = mb.badge_id
WHERE mb.member_id = $1 ORDER BY mb.awarded_at DESC, mb.id DESC LIMIT $2
"""
CIRCLES_SQL = """
SELECT ms.role, c.name, c.member_count
FROM circle_memberships ms JOIN circles c ON c.id = ms.circle_id
WHERE ms.member_id = $1 AND ms.status IN ('ACTIVE', 'PENDING') ORDER BY ms.id DESC LIMIT $2
"""
EVENTS_SQL = """
SELECT r.status, e.title, e.starts_at, e.meeting_city, e.capacity - e.seats_taken AS seats_left
FROM event_registrations r JOIN events e ON e.id = r.event_id
WHERE r.member_id = $1 AND r.status = 'CONFIRMED' ORDER BY r.id DESC LIMIT $2
"""


async def load(members: int) -> int:
    """The community and the reader, through the ORM and the services. Returns the reader's
    member id."""
    from models.accounts import Account
    from models.badges import Badge, BadgeGroup, BadgeTier, MemberBadge
    from models.circles import Circle, CircleKind, Membership, MembershipRole, MembershipStatus
    from models.events import Event, EventStatus, Registration, RegistrationStatus
    from models.members import Drivetrain, Member, Vehicle, VehicleModel
    from models.routes import Route, Terrain
    from services.loyalty.staff import grant_points

    await Account.bulk_create(
        [Account(email=f"home{n}@bench.example", password_hash="!") for n in range(members)]
    )
    accounts = await Account.all().order_by("id").values_list("id", flat=True)
    await Member.bulk_create([
        Member(account_id=a, handle=f"rider{n}", handle_key=f"rider{n}",
               display_name=f"车友{n}", city="北京")
        for n, a in enumerate(accounts)
    ])  # fmt: skip
    ids = list(await Member.all().order_by("id").values_list("id", flat=True))
    reader = ids[0]

    class Admin:
        id = 0
        roles = ["admin"]

    await grant_points(actor=Admin, member_ids=ids, amount=2_500, reason="bench",
                       idempotency_key="bench-home")  # fmt: skip
    tiers = list(BadgeTier)
    await Badge.bulk_create([
        Badge(key=f"badge-{n}", name_zh=f"徽章{n}", name_en=f"Badge {n}", group=BadgeGroup.EVENTS,
              tier=tiers[n % len(tiers)], icon_url=f"https://img.example/{n}.png",
              criterion={"type": "events_completed", "count": n + 1}, holder_pct=0.01 * n)
        for n in range(40)
    ])  # fmt: skip
    badges = list(await Badge.all().order_by("id").values_list("id", flat=True))
    now = datetime.now(UTC)
    awards = [
        MemberBadge(member_id=m, badge_id=badges[(i + k) % 40], awarded_at=now - timedelta(days=k))
        for i, m in enumerate(ids[1:])
        for k in range(i % 5)
    ]
    awards += [
        MemberBadge(member_id=reader, badge_id=badges[k], awarded_at=now - timedelta(hours=k))
        for k in range(12)
    ]
    await MemberBadge.bulk_create(awards, batch_size=2000)
    await Circle.bulk_create([
        Circle(slug=f"home-{n}", name=f"圈子{n}", kind=CircleKind.INTEREST, member_count=20 + n)
        for n in range(200)
    ])  # fmt: skip
    circles = list(await Circle.all().order_by("id").values_list("id", flat=True))
    await Membership.bulk_create(
        [Membership(circle_id=circles[i % 200], member_id=m, status=MembershipStatus.ACTIVE,
                    joined_at=now) for i, m in enumerate(ids[1:])]
        + [Membership(circle_id=circles[k * 20], member_id=reader, joined_at=now,
                      status=MembershipStatus.ACTIVE, role=MembershipRole.MEMBER)
           for k in range(10)],
        batch_size=2000,
    )  # fmt: skip
    route = await Route.create(name="库布其沙漠穿越", region="内蒙古", terrain=Terrain.DESERT,
                               difficulty=3, distance_km=120.0)  # fmt: skip
    await Event.bulk_create([
        Event(circle_id=circles[n % 200], route_id=route.id, title=f"周末穿越{n}",
              status=EventStatus.PUBLISHED, starts_at=now + timedelta(days=2 + n % 60),
              ends_at=now + timedelta(days=2 + n % 60, hours=8), meeting_city="鄂尔多斯",
              capacity=20, seats_taken=n % 20, signup_opens_at=now - timedelta(days=1),
              signup_closes_at=now + timedelta(days=1 + n % 60),
              cancel_deadline=now + timedelta(days=1 + n % 60))
        for n in range(400)
    ])  # fmt: skip
    events = list(await Event.all().order_by("id").values_list("id", flat=True))
    model = await VehicleModel.create(key="home-4wd", brand="Bench", name="4WD", name_zh="四驱",
                                      drivetrain=Drivetrain.FOUR_WD)  # fmt: skip
    car = await Vehicle.create(owner_id=reader, model_id=model.id, year=2024)
    await Registration.bulk_create([
        Registration(event_id=events[k * 7], member_id=reader, vehicle_id=car.id, passengers=1,
                     status=RegistrationStatus.CONFIRMED, checkin_nonce=f"n{k}",
                     confirmed_at=now)
        for k in range(6)
    ])  # fmt: skip
    return int(reader)


async def baseline_body(pool: asyncpg.Pool, reader: int) -> bytes:
    """The JSON the app returns, from four queries run concurrently."""

    async def fetch(sql: str, *args: Any) -> list[asyncpg.Record]:
        async with pool.acquire() as connection:
            return await connection.fetch(sql, *args)

    profile, badges, circles, events = await asyncio.gather(
        fetch(PROFILE_SQL, reader), fetch(BADGES_SQL, reader, PAGE),
        fetch(CIRCLES_SQL, reader, PAGE), fetch(EVENTS_SQL, reader, PAGE),
    )  # fmt: skip
    me = profile[0]
    viewer = {
        "member": {"handle": me["handle"], "displayName": me["display_name"],
                   "avatarUrl": me["avatar_url"], "city": me["city"]},
        "points": {"balance": me["balance"], "held": me["held"]},
        "tier": {
            "current": {"key": me["tier_key"], "nameZh": me["tier_name_zh"]},
            "nextTier": None if me["next_key"] is None
            else {"key": me["next_key"], "threshold": me["next_threshold"]},
        },
        "badges": {"edges": [
            {"node": {"occurrence": b["occurrence"], "awardedAt": b["awarded_at"].isoformat(),
                      "badge": {"key": b["key"], "nameZh": b["name_zh"], "tier": b["tier"],
                                "iconUrl": b["icon_url"], "rarity": round(b["holder_pct"], 4)}}}
            for b in badges
        ]},
        "circles": {"edges": [
            {"node": {"role": c["role"], "circle": {"name": c["name"],
                                                    "memberCount": c["member_count"]}}}
            for c in circles
        ]},
        "registrations": {"edges": [
            {"node": {"status": e["status"], "event": {
                "title": e["title"], "startsAt": e["starts_at"].isoformat(),
                "meetingCity": e["meeting_city"], "seatsLeft": max(e["seats_left"], 0)}}}
            for e in events
        ]},
    }  # fmt: skip
    body = {"data": {"viewer": viewer}}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


async def measure(args: argparse.Namespace, url: str, redis_url: str) -> None:
    from api.app import create_app
    from models.members import Member
    from runtime.config import Settings
    from runtime.database import keep_session
    from services.accounts.tokens import AccessClaims, issue_access_token
    from services.loyalty.seed import seed_defaults
    from tests.sqlcount import count_sql

    settings = Settings(
        database_url=url, redis_url=redis_url, redis_prefix=f"benchhome{os.getpid()}:",
        secret_key="bench-secret-key-that-is-long-enough-0000",
        vin_hash_key="bench-vin-key-that-is-long-enough-000000",
        rate_limit_per_minute=10**9, log_json=True,
    )  # fmt: skip
    app = create_app(settings)
    async with LifespanManager(app) as manager:
        import logging

        logging.disable(logging.INFO)  # the per-request access log line would dominate
        await seed_defaults()
        started = time.perf_counter()
        reader = await load(args.members)
        print(f"loaded {args.members:,} members in {time.perf_counter() - started:.1f} s")
        member = await Member.get(id=reader)
        token = issue_access_token(
            AccessClaims(account_id=member.account_id, member_id=reader, roles=(), version=0)
        )
        transport = httpx.ASGITransport(app=manager.app)
        headers = {"authorization": f"Bearer {token}", "accept": "application/json"}
        trusted, untrusted = bodies(HOME, {"n": PAGE})
        pool = await asyncpg.create_pool(_pg(url), min_size=POOL, max_size=POOL, reset=keep_session)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:

            def caller(body: dict[str, Any]) -> Any:
                async def call() -> bytes:
                    response = await http.post("/graphql", json=body, headers=headers)
                    if response.status_code != 200 or b'"errors"' in response.content:
                        raise RuntimeError(response.text[:500])
                    return response.content

                return call

            async def baseline_call() -> bytes:
                return await baseline_body(pool, reader)

            calls = {"compiled": caller(trusted), "graphql_core": caller(untrusted),
                     "baseline": baseline_call}  # fmt: skip
            expected = json.loads(await baseline_call())
            for name in ("compiled", "graphql_core"):
                async with count_sql() as sql:
                    answer = json.loads(await calls[name]())
                answer.pop("extensions", None)
                assert answer == expected, (name, answer, expected)
                print(f"{name}: same JSON as the baseline, {sql.count} SQL statements")
            if args.profile:
                with _quiet_stderr():
                    for name, call in calls.items():
                        await profile(name, call)
                await pool.close()
                return
            with _quiet_stderr():  # the app still formats and writes its access log lines
                rates = await rounds(args, calls)
        await pool.close()
    print(f"{args.clients} clients, {args.rounds} x {args.seconds:g} s each, lists of {PAGE}")
    report(rates, {
        "baseline": "baseline: four asyncpg queries + json.dumps",
        "compiled": "app: trusted MemberHome, compiled executor",
        "graphql_core": "app: the same text untrusted, graphql-core",
    }, "homes/s")  # fmt: skip
    print(execution_times(HOME))


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="per measurement")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="alternating measurements each")
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--profile", action="store_true", help="profile each contender instead")
    args = parser.parse_args()
    server, redis_url = _urls()
    async with scratch_database(server, "convoy_bench_home") as url:
        await build_schema(url)
        await measure(args, url, redis_url)


if __name__ == "__main__":
    asyncio.run(main())
