"""Proof that the cached totals agree with the ledger. It reports and never repairs.

Checked for every account, one chunk of members per statement (so each chunk is one consistent
snapshot while writers keep going):

* ``balance``: balance = sum of entry amounts, and >= 0
* ``held``: held = sum of entry held deltas = sum of open holds, and >= 0
* ``lots``: the lots' remaining points add up to balance + held, each between 0 and its amount
* ``orphans``: no entries of a member without an account row
* ``contribution``: each contribution score = sum of its entries, and >= 0
"""

from __future__ import annotations

from typing import Any

import structlog

from services.core.sql import Sql
from services.loyalty.batches import DEFAULT_CHUNK, member_chunks

log = structlog.get_logger("convoy.loyalty.consistency")

CHECKS = ("balance", "held", "lots", "orphans", "contribution")
#: Mismatches named one by one in the log (the counts cover all of them).
LOGGED = 50

_ACCOUNTS = """
SELECT a.member_id AS member_id, a.balance AS balance, a.held AS held,
       COALESCE(e.amount, 0) AS entries_balance, COALESCE(e.held, 0) AS entries_held,
       COALESCE(e.remaining, 0) AS lots, COALESCE(e.bad_lots, 0) AS bad_lots,
       COALESCE(h.open, 0) AS open_holds
FROM points_accounts a
LEFT JOIN (SELECT member_id, SUM(amount) AS amount, SUM(held_delta) AS held,
                  SUM(COALESCE(remaining, 0)) AS remaining,
                  SUM(CASE WHEN remaining < 0 OR remaining > amount THEN 1 ELSE 0 END) AS bad_lots
           FROM ledger_entries WHERE member_id IN {ids} GROUP BY member_id) e
       ON e.member_id = a.member_id
LEFT JOIN (SELECT member_id, SUM(amount) AS open FROM points_holds
           WHERE member_id IN {ids} AND status = 'HELD' GROUP BY member_id) h
       ON h.member_id = a.member_id
WHERE a.member_id IN {ids}
"""

_CONTRIBUTION = """
SELECT s.member_id AS member_id, s.score AS score, COALESCE(SUM(c.amount), 0) AS entries
FROM contribution_scores s LEFT JOIN contribution_entries c ON c.member_id = s.member_id
WHERE s.member_id IN {ids} GROUP BY s.member_id, s.score
"""


def _account_problems(row: dict[str, Any]) -> list[str]:
    balance, held = int(row["balance"]), int(row["held"])
    problems = []
    if balance != int(row["entries_balance"]) or balance < 0:
        problems.append("balance")
    if held != int(row["entries_held"]) or held != int(row["open_holds"]) or held < 0:
        problems.append("held")
    if int(row["lots"]) != balance + held or int(row["bad_lots"]):
        problems.append("lots")
    return problems


async def check_ledger(*, chunk: int = DEFAULT_CHUNK) -> dict[str, Any]:
    """Check every account. Returns ``{"accounts": n, "mismatches": {check: count},
    "examples": [...]}`` and logs each mismatch (up to ``LOGGED``)."""
    db = Sql()
    counts = dict.fromkeys(CHECKS, 0)
    examples: list[dict[str, Any]] = []
    accounts = 0

    def found(check: str, detail: dict[str, Any]) -> None:
        counts[check] += 1
        if len(examples) < LOGGED:
            examples.append({"check": check, **detail})
            log.error("loyalty.consistency.mismatch", check=check, **detail)

    candidates = "SELECT member_id FROM points_accounts WHERE member_id > ?"
    async for members in member_chunks(db, candidates, size=chunk):
        accounts += len(members)
        ids = db.ids(members)
        for row in await db.rows(_ACCOUNTS, ids, ids, ids):
            for check in _account_problems(row):
                found(check, {key: int(value) for key, value in row.items()})
    contribution = "SELECT member_id FROM contribution_scores WHERE member_id > ?"
    async for members in member_chunks(db, contribution, size=chunk):
        ids = db.ids(members)
        for row in await db.rows(_CONTRIBUTION, ids):
            if int(row["score"]) != int(row["entries"]) or int(row["score"]) < 0:
                found("contribution", {key: int(value) for key, value in row.items()})
    for row in await db.rows(
        "SELECT DISTINCT e.member_id AS member_id FROM ledger_entries e WHERE NOT EXISTS "
        "(SELECT 1 FROM points_accounts a WHERE a.member_id = e.member_id)"
    ):
        found("orphans", {"member_id": int(row["member_id"])})
    report = {"accounts": accounts, "mismatches": counts, "examples": examples}
    log.info("loyalty.consistency.checked", accounts=accounts, mismatches=counts)
    return report
