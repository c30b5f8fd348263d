"""Reads of a member's own loyalty state: balance, expiring points, history, tier, contribution."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tortoise.functions import Sum

import runtime
from models.loyalty import (
    ContributionEntry,
    EntryKind,
    LedgerEntry,
    MemberTier,
    Tier,
    TierChange,
)
from services.core import clock
from services.core.rows import columns, split, stored
from services.core.sql import Sql, as_datetime
from services.loyalty import tiers
from services.loyalty.dates import expiry_date, qualifying_since
from services.pagination import Page, PageArgs, keyset_page

NEWEST_FIRST = ["-id"]


@dataclass(frozen=True)
class PointsSummary:
    member_id: int
    balance: int
    held: int
    lifetime_earned: int


@dataclass(frozen=True)
class Expiring:
    date: date
    amount: int


@dataclass(frozen=True)
class TierOverview:
    member_id: int
    current: Tier
    next: Tier | None
    since: datetime | None


async def points_summary(member_id: int) -> PointsSummary:
    """The member's balance, held and lifetime points (zeros without an account): one
    prepared statement."""
    row = await Sql().first(
        "SELECT balance, held, lifetime_earned FROM points_accounts WHERE member_id = ?",
        member_id,
    )
    if row is None:
        return PointsSummary(member_id, 0, 0, 0)
    return PointsSummary(member_id, row["balance"], row["held"], row["lifetime_earned"])


async def expiring_soon(member_id: int, *, now: datetime | None = None) -> list[Expiring]:
    """Points that expire within the notice period, per expiry date, soonest first."""
    now = now or clock.now()
    until = now + timedelta(days=runtime.settings().points_expiry_notice_days)
    rows = (
        await LedgerEntry.filter(
            member_id=member_id, remaining__gt=0, expires_at__gt=now, expires_at__lte=until
        )
        .annotate(total=Sum("remaining"))
        .group_by("expires_at")
        .order_by("expires_at")
        .values("expires_at", "total")
    )
    return [Expiring(expiry_date(row["expires_at"]), int(row["total"])) for row in rows]


async def points_history(
    member_id: int,
    args: PageArgs,
    *,
    kind: EntryKind | None = None,
    reason: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Page[LedgerEntry]:
    """The member's entries, newest first, filtered by kind, reason and time range."""
    query = LedgerEntry.filter(member_id=member_id)
    if kind is not None:
        query = query.filter(kind=kind)
    if reason:
        query = query.filter(reason=reason)
    if since is not None:
        query = query.filter(created_at__gte=since)
    if until is not None:
        query = query.filter(created_at__lt=until)
    return await keyset_page(query, order=NEWEST_FIRST, args=args)


async def tier_overview(member_id: int) -> TierOverview:
    """Current tier and the next tier up (qualifying points are ``qualifying_points``)."""
    rows = await Sql().rows(
        f"SELECT {columns(Tier, 't', 't__')}, mt.rank AS held_rank, mt.since AS held_since "
        "FROM tiers t LEFT JOIN member_tiers mt ON mt.member_id = ? ORDER BY t.rank",
        member_id,
    )  # one statement: the tier table with the member's tier beside every row
    if rows:
        table = [stored(Tier, split(row, "t__")) for row in rows]
        held = rows[0]["held_rank"]
        rank = held if held is not None else 0
        since = as_datetime(rows[0]["held_since"]) if held is not None else None
    else:
        table = await tiers.tier_table()
        state = await MemberTier.get_or_none(member_id=member_id)
        rank, since = (state.rank, state.since) if state else (0, None)
    current = next((tier for tier in table if tier.rank == rank), table[0])
    higher = [tier for tier in table if tier.rank > rank]
    return TierOverview(member_id, current, higher[0] if higher else None, since)


async def qualifying_points(member_id: int, *, now: datetime | None = None) -> int:
    """Qualifying points earned in the rolling 12 months (what tiers are based on)."""
    qualifying = await Sql().scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM ledger_entries "
        "WHERE member_id = ? AND qualifies AND created_at >= {ts}",
        member_id,
        qualifying_since(now or clock.now()),
    )
    return int(qualifying)


async def tier_history(member_id: int, args: PageArgs) -> Page[TierChange]:
    return await keyset_page(TierChange.filter(member_id=member_id), order=NEWEST_FIRST, args=args)


async def contribution_history(member_id: int, args: PageArgs) -> Page[ContributionEntry]:
    query = ContributionEntry.filter(member_id=member_id)
    return await keyset_page(query, order=NEWEST_FIRST, args=args)
