"""Verified parts: ``verifyPart`` against a hand-written endpoint doing the same lookup,
signature and chain check, and commissioning 100,000 units (DESIGN §5).

    .venv/bin/python bench/parts.py [--seconds 4] [--clients 8] [--rounds 3] [--units 100000]

Creates its own PostgreSQL database on the server of ``TEST_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/test``) and drops it afterwards; Redis from
``TEST_REDIS_URL`` (keys under a throw-away prefix).

1. Commissioning: one issuer commissions ``--units`` units of one part model through the
   service the CLI uses (chunks of 1,000: serials, codes, Ed25519 signatures, claim-code HMACs,
   the units and their ``COMMISSIONED`` events in one transaction per chunk), timed.
2. Verification, in alternating rounds in one process, ``--clients`` concurrent asyncio
   clients each, for a unit with a five-event history:

   * app: the ``verifyPart`` query over HTTP (httpx over ASGI) through the whole app (request
     rate limit, parts rate limit, limits, GraphQL, the service);
   * baseline: one hand-written asyncpg query (the same lookup as the service's: unit with
     key, part model, issuer and events), the Ed25519 check, the chain's hashes recomputed,
     ``json.dumps`` of the same answer.

   Both answers are checked equal before measuring. The medians and their ratio are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import asyncpg  # noqa: E402
import httpx  # noqa: E402
from asgi_lifespan import LifespanManager  # noqa: E402

from bench.feed import (  # noqa: E402
    POOL,
    _pg,
    _quiet_stderr,
    _rounds,
    _urls,
    build_schema,
    scratch_database,
)

VERIFY = """
query Verify($code: String!) {
  verifyPart(code: $code) {
    verdict code issuerName keyId commissionedAt
    partModel { partNumber nameZh nameEn }
    timeline { seq kind occurredAt city actor actorName }
  }
}
"""
UNIT_SQL = """
SELECT u.id, u.code, u.serial, u.signature, u.commissioned_at, u.issuer_id, u.head_seq,
       u.head_hash, u.status, u.suspected_clone, k.key_id, k.public_key, k.revoked_from,
       k.issuer_id AS key_issuer, p.part_number, p.name_zh, p.name_en, m.display_name,
       e.seq, e.kind, e.occurred_at, e.city, e.business_step, e.actor_kind, e.actor_member_id,
       e.dealer_code, e.issuer_id AS event_issuer, e.detail, e.corrects_seq, e.prev_hash, e.hash
FROM part_units u JOIN issuer_keys k ON k.id = u.signing_key_id
JOIN part_models p ON p.id = u.part_model_id JOIN members m ON m.id = u.issuer_id
LEFT JOIN provenance_events e ON e.unit_id = u.id
WHERE u.code = $1 ORDER BY e.seq
"""


def _iso(value: Any) -> str:
    return value.isoformat()


async def baseline_body(pool: asyncpg.Pool, code: str) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from services.parts.canonical import event_body, event_hash, label_message, unb64

    async with pool.acquire() as conn:
        rows = await conn.fetch(UNIT_SQL, code)
    unit, events = rows[0], [row for row in rows if row["seq"] is not None]
    message = label_message(
        issuer=unit["issuer_id"], key_id=unit["key_id"], part_number=unit["part_number"],
        serial=unit["serial"], commissioned_at=unit["commissioned_at"],
    )  # fmt: skip
    Ed25519PublicKey.from_public_bytes(unb64(unit["public_key"])).verify(
        unb64(unit["signature"]), message
    )
    prev = "0" * 64
    for row in events:
        body = event_body(
            code=unit["code"], seq=row["seq"], kind=row["kind"], occurred_at=row["occurred_at"],
            city=row["city"], business_step=row["business_step"], actor_kind=row["actor_kind"],
            actor_member_id=row["actor_member_id"], dealer_code=row["dealer_code"],
            issuer_id=row["event_issuer"], detail=json.loads(row["detail"]),
            corrects_seq=row["corrects_seq"], prev_hash=row["prev_hash"],
        )  # fmt: skip
        if row["prev_hash"] != prev or event_hash(body) != row["hash"]:
            raise RuntimeError("chain broken")
        prev = row["hash"]
    names = {unit["issuer_id"]: unit["display_name"]}
    actor = {"ISSUER": "ISSUER", "DEALER": "DEALER", "MEMBER": "MEMBER", "STAFF": "STAFF"}
    answer = {
        "data": {
            "verifyPart": {
                "verdict": "AUTHENTIC",
                "code": unit["code"],
                "issuerName": unit["display_name"],
                "keyId": unit["key_id"],
                "commissionedAt": _iso(unit["commissioned_at"]),
                "partModel": {
                    "partNumber": unit["part_number"],
                    "nameZh": unit["name_zh"],
                    "nameEn": unit["name_en"],
                },
                "timeline": [
                    {
                        "seq": row["seq"],
                        "kind": row["kind"],
                        "occurredAt": _iso(row["occurred_at"]),
                        "city": row["city"],
                        "actor": actor[row["actor_kind"]],
                        "actorName": (
                            names.get(row["event_issuer"])
                            if row["actor_kind"] == "ISSUER"
                            else row["dealer_code"]
                        ),
                    }
                    for row in events
                ],
            }
        }
    }
    return json.dumps(answer, ensure_ascii=False).encode()


async def prepare(units: int) -> tuple[str, float]:
    """Commission ``units`` units (timed) and give one a five-event history; its code."""
    from models.accounts import Account
    from models.loyalty import DealerStaff
    from models.members import Member
    from models.parts import EventKind, PartCategory
    from services.core.actors import MemberActor
    from services.parts import catalog, commissioning, custody

    account = await Account.create(email="issuer@bench.test", password_hash="!", roles=["issuer"])
    member = await Member.create(
        account=account, handle="bench-issuer", handle_key="bench-issuer",
        display_name="Bench Parts",
    )  # fmt: skip
    issuer = MemberActor(id=member.id, roles=("issuer",))
    dealer_account = await Account.create(email="d@bench.test", password_hash="!", roles=["dealer"])
    dealer_member = await Member.create(
        account=dealer_account, handle="bench-dealer", handle_key="bench-dealer",
        display_name="Bench Dealer",
    )  # fmt: skip
    await DealerStaff.create(member_id=dealer_member.id, dealer_code="BENCH-1")
    dealer = MemberActor(id=dealer_member.id, roles=("dealer",))
    part = await catalog.create_part_model(
        actor=issuer, maker="WARN", part_number="ZEON-12", name_zh="绞盘", name_en="Winch",
        category=PartCategory.RECOVERY, capability_tags=["WINCH"],
    )  # fmt: skip
    first: list[Any] = []
    started = time.perf_counter()
    await commissioning.commission_units(
        actor=issuer, part_model_id=part.id, count=units, city="上海", max_count=units,
        keep_labels=False, on_chunk=lambda chunk: first or first.extend(chunk),
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    label = first[0]
    await custody.record_event(
        actor=issuer, unit_id=label.unit_id, kind=EventKind.SHIPPED_TO_DEALER,
        dealer_code="BENCH-1", city="上海",
    )  # fmt: skip
    for _ in range(3):
        await custody.record_event(
            actor=dealer, unit_id=label.unit_id, kind=EventKind.INSPECTED, result="PASS",
            city="银川",
        )  # fmt: skip
    return label.code, elapsed


async def measure(args: argparse.Namespace, url: str, redis_url: str) -> None:
    from api.app import create_app
    from runtime.config import Settings
    from runtime.database import keep_session

    settings = Settings(
        database_url=url, redis_url=redis_url, redis_prefix=f"benchparts{os.getpid()}:",
        secret_key="bench-secret-key-that-is-long-enough-0000",
        vin_hash_key="bench-vin-key-that-is-long-enough-000000",
        part_key_encryption_key="bench-part-key-encryption-key-long-enough",
        claim_code_hash_key="bench-claim-code-key-that-is-long-enough-",
        rate_limit_per_minute=10**9, part_verify_per_minute=10**9, log_json=True,
    )  # fmt: skip
    app = create_app(settings)
    async with LifespanManager(app) as manager:
        import logging

        logging.disable(logging.INFO)  # the per-request access log line would dominate
        code, elapsed = await prepare(args.units)
        print(
            f"commissioned {args.units:,} units in {elapsed:.1f} s "
            f"({args.units / elapsed:,.0f} units/s; target < 60 s: "
            f"{'met' if elapsed < 60 else 'missed'})"
        )
        transport = httpx.ASGITransport(app=manager.app)
        headers = {"accept": "application/json"}
        body = {"query": VERIFY, "variables": {"code": code}}
        pool = await asyncpg.create_pool(_pg(url), min_size=POOL, max_size=POOL, reset=keep_session)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:

            async def app_call() -> bytes:
                response = await http.post("/graphql", json=body, headers=headers)
                if response.status_code != 200 or b'"errors"' in response.content:
                    raise RuntimeError(response.text[:500])
                return response.content

            async def baseline_call() -> bytes:
                return await baseline_body(pool, code)

            app_answer = json.loads(await app_call())
            app_answer.pop("extensions", None)
            expected = json.loads(await baseline_call())
            _same_instants(app_answer, expected)
            assert app_answer == expected, (app_answer, expected)
            print("same JSON from both: True")
            with _quiet_stderr():
                rates = await _rounds(args, app_call, baseline_call)
        await pool.close()
    app_rate, base_rate = statistics.median(rates["app"]), statistics.median(rates["baseline"])
    runs = {name: ", ".join(f"{v:.0f}" for v in values) for name, values in rates.items()}
    print(f"{args.clients} clients, {args.rounds} x {args.seconds:g} s each, 5-event history")
    print(f"{'':52}{'checks/s':>9}  runs")
    print(f"{'baseline: asyncpg, Ed25519, chain, json':52}{base_rate:9.0f}  {runs['baseline']}")
    print(f"{'app: verifyPart over HTTP':52}{app_rate:9.0f}  {runs['app']}")
    ratio = app_rate / base_rate
    print(f"ratio {ratio:.2f}x (target >= 0.5x: {'met' if ratio >= 0.5 else 'missed'})")


def _same_instants(app: dict[str, Any], baseline: dict[str, Any]) -> None:
    """Timestamps are the same instants written two ways (strawberry vs isoformat): align."""
    from datetime import datetime

    def fix(target: dict[str, Any], source: dict[str, Any], key: str) -> None:
        if datetime.fromisoformat(target[key]) == datetime.fromisoformat(source[key]):
            target[key] = source[key]

    a, b = app["data"]["verifyPart"], baseline["data"]["verifyPart"]
    fix(b, a, "commissionedAt")
    for mine, theirs in zip(b["timeline"], a["timeline"], strict=True):
        fix(mine, theirs, "occurredAt")


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="per measurement")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="alternating measurements each")
    parser.add_argument("--units", type=int, default=100_000)
    args = parser.parse_args()
    server, redis_url = _urls()
    async with scratch_database(server, "convoy_bench_parts") as url:
        await build_schema(url)
        await measure(args, url, redis_url)


if __name__ == "__main__":
    asyncio.run(main())
