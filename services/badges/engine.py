"""The award engine: each enabled badge's criterion is one ``INSERT … SELECT … ON CONFLICT DO
NOTHING`` over a set of members, never a loop per member.

* ``run_delta`` covers the members touched by recent domain events (``badge_touches``, filled
  by the outbox consumers), then settles new awards.
* ``run_sweep`` covers every member, in member-id ranges of ``CHUNK_MEMBERS`` so no statement
  grows with the platform; closing a season calls it for ``season_rank`` badges. Sweeps asked
  for by outbox events (a badge enabled, a staff request) are only recorded by their consumer
  (``request_sweep``) and run by ``run_requested_sweeps`` from the delta job, outside any
  transaction, so no consumer transaction holds a whole sweep.
* ``settle_awards`` notifies each new holder (one INSERT per badge and occurrence) and earns
  the BADGE_AWARDED points, keyed ``badge:<member badge id>`` so they are earned once whatever
  the retries. A row stays unsettled (``earned_at IS NULL``) until that succeeded or the ledger
  refused for good (rule off, cap reached: settled without points), so a crash or an
  unexpected failure after the insert is made good by a later run.

Every step may run twice or concurrently: the unique (member, badge, occurrence) key, the
notification dedupe keys and the ledger's idempotency keys make the second one a no-op.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

import structlog
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models.badges import Badge, BadgeSweepRequest, BadgeTouch
from services.badges.criteria import Scope, compile_criterion, id_range, parse
from services.core import clock
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode
from services.jobs import Progress
from services.loyalty import ledger
from services.notifications import notify_many

log = structlog.get_logger("convoy.badges")

#: Members per statement of a full sweep (an id range, so each statement stays bounded).
CHUNK_MEMBERS = 100_000
#: PostgreSQL ``work_mem`` of an award statement (one chunk's grouping).
AWARD_WORK_MEM = "64MB"
#: Touches evaluated per delta statement.
DELTA_BATCH = 5_000
#: Occurrences a repeatable badge may reach per member.
MAX_OCCURRENCES = 100
#: Awards settled per batch (one notification INSERT per badge in it, one earn per award).
SETTLE_BATCH = 500
#: Awards settled (or tried) per run at most.
SETTLE_LIMIT = 20_000
#: Where ``settle_awards`` resumes (``badge_cursors``).
SETTLE_CURSOR = "settle"
#: Ledger refusals that will not change by retrying: the award is settled without points.
UNPAID_CODES = frozenset({ErrorCode.NOT_AVAILABLE, ErrorCode.LIMIT_REACHED, ErrorCode.NOT_FOUND})
#: How long a run owns a requested sweep before another run may take it over.
SWEEP_CLAIM = timedelta(minutes=30)
#: Requested sweeps one delta run works through at most.
SWEEPS_PER_RUN = 20
NOTIFICATION_KIND = "BADGE_AWARDED"
EARN_REASON = "BADGE_AWARDED"


async def award(badge: Badge, scope: Scope, *, now: datetime | None = None) -> int:
    """Award ``badge`` to every member of ``scope`` who meets its criterion and does not hold
    it (or, when repeatable, the occurrences they reached). Returns the number of rows added.
    Deleted members are never awarded."""
    compiled = compile_criterion(parse(badge.criterion), scope)
    cap = MAX_OCCURRENCES if badge.repeatable else 1
    params = (*compiled.params, badge.id, now or clock.now(), f"v{badge.version}")
    if not Sql().postgres:
        sql = (
            f"WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < {cap}), "
            f"q AS ({compiled.sql}) {_INSERT} CROSS JOIN n "
            f"WHERE m.deleted_at IS NULL AND n.k <= q.times {_ON_CONFLICT}"
        )
        return len(await Sql().rows(sql, *params))
    # One row per occurrence from generate_series (none needed for one-time badges); the
    # count stays in the database.
    occurrences = (
        f"CROSS JOIN LATERAL generate_series(1, LEAST(q.times, {cap})) AS n(k)"
        if cap > 1
        else "CROSS JOIN (SELECT 1 AS k) n"
    )
    sql = (
        f"WITH q AS ({compiled.sql}), ins AS ({_INSERT} {occurrences} "
        f"WHERE m.deleted_at IS NULL {_ON_CONFLICT}) SELECT COUNT(*) AS inserted FROM ins"
    )
    async with in_transaction() as conn:
        db = Sql(conn)
        # JIT compilation costs more than it saves on these one-pass aggregates (it is
        # triggered by row estimates, not by the work left once awards exist), and the
        # grouping of a chunk fits in memory instead of spilling to disk.
        await db.run("SET LOCAL jit = off")
        await db.run(f"SET LOCAL work_mem = '{AWARD_WORK_MEM}'")
        return int(await db.scalar(sql, *params) or 0)


#: The award INSERT both dialects share (SQLite needs the WHERE its upsert syntax asks for).
_INSERT = (
    "INSERT INTO member_badges (member_id, badge_id, occurrence, awarded_at, source_ref) "
    "SELECT q.member_id, ?, n.k, {ts}, ? FROM q JOIN members m ON m.id = q.member_id"
)
_ON_CONFLICT = "ON CONFLICT (member_id, badge_id, occurrence) DO NOTHING RETURNING 1"


async def enabled_badges(
    *, badge_keys: Collection[str] | None = None, criterion_types: Collection[str] | None = None
) -> list[Badge]:
    query = Badge.filter(enabled=True)
    if badge_keys is not None:
        query = query.filter(key__in=list(badge_keys))
    badges = await query.order_by("id")
    if criterion_types is not None:
        wanted = set(criterion_types)
        badges = [badge for badge in badges if badge.criterion.get("type") in wanted]
    return badges


async def run_sweep(
    *,
    badge_keys: Collection[str] | None = None,
    criterion_types: Collection[str] | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Evaluate the enabled badges (all, or those named by key or criterion type) over every
    member, then refresh rarity. Idempotent: a second run awards nothing. New awards are
    notified and paid by ``settle_awards`` (the ``badges.delta`` job runs it every minute)."""
    badges = await enabled_badges(badge_keys=badge_keys, criterion_types=criterion_types)
    ranges = await _member_ranges()
    total, done = len(badges) * len(ranges), 0
    if progress:
        progress(0, total)
    awarded: dict[str, int] = {}
    now = clock.now()
    for badge in badges:
        count = 0
        for low, high in ranges:
            count += await award(badge, id_range(low, high), now=now)
            done += 1
            if progress:
                progress(done, total)
        awarded[badge.key] = count
    everything = badge_keys is None and criterion_types is None
    if everything or badges:
        await refresh_rarity(None if everything else [badge.id for badge in badges])
    summary = {"badges": len(badges), "awarded": sum(awarded.values()), "by_badge": awarded}
    log.info("badges.sweep", **summary)
    return summary


async def _member_ranges() -> list[tuple[int, int]]:
    """Member id ranges of ``CHUNK_MEMBERS`` ids covering every member (none when empty)."""
    bounds = await Sql().first("SELECT MIN(id) AS low, MAX(id) AS high FROM members")
    if not bounds or bounds["low"] is None:
        return []
    low, high = int(bounds["low"]), int(bounds["high"])
    return [
        (start, min(start + CHUNK_MEMBERS - 1, high))
        for start in range(low, high + 1, CHUNK_MEMBERS)
    ]


async def request_sweep(badge_keys: Collection[str] | None, topic: str) -> None:
    """Record a sweep for the next delta run (called by the outbox consumers, inside their
    transaction: the request commits with the event's processing, the sweep runs later)."""
    keys = sorted(set(badge_keys)) if badge_keys else None
    await BadgeSweepRequest.create(badge_keys=keys, topic=topic[:64])


async def run_requested_sweeps() -> dict[str, Any]:
    """Run the sweeps recorded by ``request_sweep``, oldest first, each marked done once it
    finished. Each is claimed by a conditional UPDATE first, so overlapping runs do not sweep
    the same request together; a run that dies leaves its claim to lapse (``SWEEP_CLAIM``)
    and a later run sweeps again, which adds nothing twice. A sweep that fails gives its claim
    back and is tried by the next run, without holding up the others."""
    done, failed, awarded = 0, 0, 0
    pending = (
        await BadgeSweepRequest.filter(_claimable(clock.now()))
        .order_by("id")
        .limit(SWEEPS_PER_RUN)
        .values_list("id", "badge_keys")
    )
    for request_id, badge_keys in pending:
        now = clock.now()
        claimed = await BadgeSweepRequest.filter(_claimable(now), id=request_id).update(
            claimed_until=now + SWEEP_CLAIM
        )
        if not claimed:
            continue  # taken by an overlapping run
        try:
            summary = await run_sweep(badge_keys=badge_keys)
        except Exception:  # noqa: BLE001 - retried by the next run, the others go on
            log.exception("badges.requested_sweep_failed", request_id=request_id)
            await BadgeSweepRequest.filter(id=request_id).update(claimed_until=None)
            failed += 1
            continue
        await BadgeSweepRequest.filter(id=request_id).update(done_at=clock.now())
        done, awarded = done + 1, awarded + int(summary["awarded"])
    return {"sweeps": done, "sweeps_failed": failed, "swept_awards": awarded}


def _claimable(now: datetime) -> Q:
    """Requests not done whose claim (if any) has lapsed."""
    return Q(done_at=None) & (Q(claimed_until=None) | Q(claimed_until__lt=now))


async def record_touch(member_id: int, topic: str) -> None:
    """Mark a member for the next delta run (called by the outbox consumers, inside their
    transaction)."""
    await BadgeTouch.create(member_id=int(member_id), topic=topic[:64])


async def run_delta(*, now: datetime | None = None) -> dict[str, Any]:
    """Evaluate every enabled badge over the members touched so far, forget those touches,
    refresh the rarity of the badges that changed and settle pending awards.

    Touches are taken by id in batches of ``DELTA_BATCH`` and deleted by id once evaluated: a
    touch whose transaction commits late (with a lower id than one already seen) is simply
    taken by the next batch or run, never deleted unseen. Points and contribution have no
    outbox topic: ``touch_recent_earners`` adds their members first."""
    db = Sql()
    now = now or clock.now()
    awarded: dict[str, int] = {}
    changed: set[int] = set()
    badges = await enabled_badges()
    await touch_recent_earners(badges, now=now)
    while touches := await db.rows(
        "SELECT id, member_id FROM badge_touches ORDER BY id LIMIT ?", DELTA_BATCH
    ):
        scope = Scope("ids", (db.ids(sorted({int(row["member_id"]) for row in touches})),))
        for badge in badges:
            count = await award(badge, scope, now=now)
            if count:
                awarded[badge.key] = awarded.get(badge.key, 0) + count
                changed.add(badge.id)
        await db.run(
            "DELETE FROM badge_touches WHERE id IN {ids}",
            db.ids(int(row["id"]) for row in touches),
        )
        if len(touches) < DELTA_BATCH:
            break
    if changed:
        await refresh_rarity(sorted(changed))
    settled = await settle_awards(now=now)
    return {"awarded": sum(awarded.values()), "by_badge": awarded, **settled}


#: criterion type -> (cursor name, entries table, condition): the entries that move it.
EARNING_SOURCES: dict[str, tuple[str, str, str]] = {
    "points_earned": ("ledger", "ledger_entries", "kind = 'EARN'"),
    "contribution": ("contribution", "contribution_entries", "amount > 0"),
}
#: Entry ids one delta run reads past each watermark at most.
EARNING_SCAN = 50_000


async def touch_recent_earners(badges: Collection[Badge], *, now: datetime) -> int:
    """Touch the members with ledger earns or contribution entries newer than the watermark of
    their table (``badge_cursors``), one INSERT … SELECT per table, then move the watermark.

    Only while a badge of that criterion is enabled; otherwise, and on the first run, the
    watermark just moves to the newest entry (the daily sweep covers what came before). An
    entry whose transaction commits after the watermark passed its id is left to that sweep
    too. Returns the touches added."""
    db = Sql()
    wanted = {badge.criterion.get("type") for badge in badges}
    added = 0
    for kind, (name, table, condition) in EARNING_SOURCES.items():
        newest = int(await db.scalar(f"SELECT MAX(id) AS n FROM {table}") or 0)
        position = await db.scalar("SELECT position FROM badge_cursors WHERE name = ?", name)
        if position is None or kind not in wanted:
            await _move_cursor(db, name, newest)
            continue
        upto = min(newest, int(position) + EARNING_SCAN)
        if upto <= int(position):
            continue
        touched = await db.rows(
            f"INSERT INTO badge_touches (member_id, topic, created_at) "
            f"SELECT e.member_id, '{table}', {{ts}} FROM (SELECT DISTINCT member_id FROM {table} "
            f"WHERE id > ? AND id <= ? AND {condition}) e RETURNING id",
            now,
            int(position),
            upto,
        )
        added += len(touched)
        await _move_cursor(db, name, upto)
    return added


async def settle_awards(
    *, batch: int = SETTLE_BATCH, limit: int = SETTLE_LIMIT, now: datetime | None = None
) -> dict[str, int]:
    """Notify and pay the awards not settled yet, in id order, up to ``limit`` per run (the
    rest waits for the next run, so a large sweep is paid over a few minutes without one run
    overlapping the next for long).

    A refusal that retrying cannot change (``UNPAID_CODES``: the rule switched off, its cap
    reached, the account gone) settles the award without points; it was still notified. Any
    other failure leaves it unsettled for a later run. Each run resumes after the last id the
    previous one saw (``badge_cursors``) and starts over from the lowest once it reached the
    end, so failing rows are tried once per pass and never hold back newer awards. The
    notification's dedupe key and the ledger key make a repeat harmless."""
    db = Sql()
    now = now or clock.now()
    after = await _cursor(db, SETTLE_CURSOR)
    settled, unpaid, failed = 0, 0, 0
    while settled + failed < limit:
        rows = await db.rows(
            "SELECT mb.id, mb.member_id, mb.badge_id, mb.occurrence, b.key, b.name_zh, "
            "b.name_en, b.tier FROM member_badges mb JOIN badges b ON b.id = mb.badge_id "
            "JOIN members m ON m.id = mb.member_id "
            "WHERE mb.earned_at IS NULL AND mb.id > ? AND m.deleted_at IS NULL "
            "ORDER BY mb.id LIMIT ?",
            after,
            batch,
        )
        if not rows:
            after = 0
            break
        after = int(rows[-1]["id"])
        await _notify(rows)
        outcomes = [(int(row["id"]), await _earn(row)) for row in rows]
        done = [row_id for row_id, outcome in outcomes if outcome is not None]
        unpaid += sum(1 for _, outcome in outcomes if outcome is False)
        failed += len(rows) - len(done)
        if done:
            await db.run(
                "UPDATE member_badges SET earned_at = {ts} WHERE id IN {ids} AND earned_at IS NULL",
                now,
                db.ids(done),
            )
            settled += len(done)
        if len(rows) < batch:
            after = 0
            break
    await _move_cursor(db, SETTLE_CURSOR, after)
    return {"settled": settled, "unpaid": unpaid, "unsettled": failed}


async def _cursor(db: Sql, name: str) -> int:
    return int(await db.scalar("SELECT position FROM badge_cursors WHERE name = ?", name) or 0)


async def _move_cursor(db: Sql, name: str, position: int) -> None:
    await db.rows(
        "INSERT INTO badge_cursors (name, position) VALUES (?, ?) ON CONFLICT (name) "
        "DO UPDATE SET position = excluded.position RETURNING name",
        name,
        position,
    )


async def _notify(rows: list[dict[str, Any]]) -> None:
    """One ``notify_many`` per badge and occurrence in the batch."""
    groups: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[(int(row["badge_id"]), int(row["occurrence"]))].append(row)
    for (badge_id, occurrence), members in groups.items():
        first = members[0]
        payload = {
            "badgeKey": first["key"],
            "nameZh": first["name_zh"],
            "nameEn": first["name_en"],
            "tier": first["tier"],
            "occurrence": occurrence,
        }
        await notify_many(
            [int(row["member_id"]) for row in members],
            NOTIFICATION_KIND,
            payload,
            dedupe_prefix=f"badge:{badge_id}:{occurrence}",
        )


async def _earn(row: dict[str, Any]) -> bool | None:
    """True when paid, False when the ledger refused for good (settled without points), None
    when the award should be tried again later."""
    try:
        await ledger.earn(
            int(row["member_id"]),
            EARN_REASON,
            idempotency_key=f"badge:{row['id']}",
            source_ref=f"badge:{row['key']}",
        )
    except DomainError as error:
        if error.code in UNPAID_CODES:
            log.info("badges.settled_unpaid", member_badge_id=row["id"], code=error.code.value)
            return False
        log.warning("badges.earn_failed", member_badge_id=row["id"], code=error.code.value)
        return None
    except Exception:  # noqa: BLE001 - one award's failure must not stop the others
        log.exception("badges.earn_failed", member_badge_id=row["id"])
        return None
    return True


async def refresh_rarity(badge_ids: Collection[int] | None = None) -> None:
    """Recount holders (members not deleted, a repeatable badge counted once per member) and
    their share of all members whose account is not deleted: two statements."""
    db = Sql()
    members = int(await db.scalar("SELECT COUNT(*) AS n FROM members WHERE deleted_at IS NULL"))
    where, params = ("WHERE id IN {ids}", [db.ids(badge_ids)]) if badge_ids else ("", [])
    await db.run(
        "UPDATE badges SET holder_count = (SELECT COUNT(DISTINCT mb.member_id) FROM "
        "member_badges mb JOIN members m ON m.id = mb.member_id "
        f"WHERE mb.badge_id = badges.id AND m.deleted_at IS NULL) {where}",
        *params,
    )
    share = f"holder_count * 100.0 / {members}" if members else "0"
    await db.run(f"UPDATE badges SET holder_pct = {share} {where}", *params)
