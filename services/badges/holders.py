"""Reading badges: the catalog, a member's awards and a badge's recent holders."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from models.badges import Badge, BadgeGroup, BadgeTier, MemberBadge
from models.members import Visibility
from services.core.rows import columns
from services.core.sql import Sql, as_datetime
from services.errors import InvalidInput
from services.pagination import (
    DEFAULT_PAGE,
    MAX_PAGE,
    Page,
    PageArgs,
    decode_cursor,
    encode_cursor,
    keyset_page,
    keyset_rows,
)

#: Holders read per requested one, so the privacy filter after the query rarely runs short.
HOLDER_OVERFETCH = 3


async def list_badges(
    args: PageArgs,
    *,
    group: BadgeGroup | None = None,
    tier: BadgeTier | None = None,
    include_disabled: bool = False,
) -> Page[Badge]:
    """The catalog ordered by key (enabled badges only unless ``include_disabled``)."""
    query = Badge.all()
    if not include_disabled:
        query = query.filter(enabled=True)
    if group is not None:
        query = query.filter(group=group)
    if tier is not None:
        query = query.filter(tier=tier)
    return await keyset_page(query, order=["key", "id"], args=args)


async def member_badges(member_id: int, args: PageArgs) -> Page[MemberBadge]:
    """A member's awards, newest first, with their badge."""
    query = MemberBadge.filter(member_id=member_id).select_related("badge")
    return await keyset_page(query, order=["-awarded_at", "-id"], args=args)


async def member_badge_rows(member_id: int, args: PageArgs) -> Page[dict[str, Any]]:
    """``member_badges`` as plain rows (one statement): each award's columns, its badge's
    prefixed ``badge__``; the same pages and cursors."""
    return await keyset_rows(
        Sql(),
        f"SELECT {columns(MemberBadge, 'mb')}, {columns(Badge, 'b', 'badge__')} "
        "FROM member_badges mb JOIN badges b ON b.id = mb.badge_id WHERE mb.member_id = ?",
        [member_id],
        order=[("-awarded_at", "mb.awarded_at"), ("-id", "mb.id")],
        args=args,
        timestamps=("awarded_at",),
    )


async def members_badges(member_ids: Sequence[int], args: PageArgs) -> dict[int, Page[MemberBadge]]:
    """The same page (``first`` after ``after``) of each member's awards, newest first, in two
    statements whatever the number of members: the ids of each member's next ``first + 1``
    awards by a window over ``member_badges``, then those awards with their badge. Pages and
    cursors are those of ``member_badges``."""
    size = DEFAULT_PAGE if args.first is None else args.first
    if not 0 <= size <= MAX_PAGE:
        raise InvalidInput(field=["first"], message_key="first.range")
    ids = sorted(set(member_ids))
    ranked: list[dict[str, Any]] = []
    if ids and size:
        db = Sql()
        after, params = "", []
        if args.after is not None:
            awarded_at, award_id = _after_cursor(args.after)
            after = " AND (mb.awarded_at < {ts} OR (mb.awarded_at = {ts} AND mb.id < ?))"
            params = [awarded_at, awarded_at, award_id]
        ranked = await db.rows(
            "SELECT id, member_id FROM ("
            " SELECT mb.id, mb.member_id, ROW_NUMBER() OVER (PARTITION BY mb.member_id "
            "ORDER BY mb.awarded_at DESC, mb.id DESC) AS position"
            f" FROM member_badges mb WHERE mb.member_id IN {{ids}}{after}"
            ") ranked WHERE position <= ? ORDER BY member_id, position",
            db.ids(ids),
            *params,
            size + 1,
        )
    awards: dict[int, MemberBadge] = {}
    if ranked:
        wanted = [int(row["id"]) for row in ranked]
        awards = {
            row.id: row for row in await MemberBadge.filter(id__in=wanted).select_related("badge")
        }
    found: dict[int, list[MemberBadge]] = defaultdict(list)
    for row in ranked:
        award = awards.get(int(row["id"]))
        if award is not None:
            found[int(row["member_id"])].append(award)
    return {member_id: _page(found.get(member_id, []), size, args) for member_id in ids}


def _after_cursor(cursor: str) -> tuple[datetime, int]:
    """(awarded_at, id) of a ``member_badges`` cursor."""
    awarded_at, award_id = decode_cursor(cursor, 2)
    try:
        return as_datetime(awarded_at), int(award_id)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(field=["after"], message_key="cursor.invalid") from exc


def _page(rows: list[MemberBadge], size: int, args: PageArgs) -> Page[MemberBadge]:
    items = rows[:size]
    return Page(
        items=items,
        cursors=[encode_cursor([row.awarded_at.isoformat(), row.id]) for row in items],
        has_next_page=len(rows) > size,
        has_previous_page=args.after is not None,
    )


@dataclass(frozen=True)
class Holder:
    badge_id: int
    member_id: int
    occurrence: int
    awarded_at: datetime


async def recent_holders(
    badge_ids: Sequence[int], limit: int, *, visibilities: Collection[Visibility]
) -> dict[int, list[Holder]]:
    """Per badge, its latest awards to members who show their badges and whose profile
    visibility is among ``visibilities`` (deleted members never), newest first: one query for
    all the badges. Over-fetches so the caller can drop the ones its reader may not see."""
    if not badge_ids or limit <= 0 or not visibilities:
        return {}
    db = Sql()
    marks = ", ".join("?" for _ in visibilities)
    rows = await db.rows(
        "SELECT badge_id, member_id, occurrence, awarded_at FROM ("
        " SELECT mb.badge_id, mb.member_id, mb.occurrence, mb.awarded_at, ROW_NUMBER() OVER "
        "(PARTITION BY mb.badge_id ORDER BY mb.awarded_at DESC, mb.id DESC) AS position"
        " FROM member_badges mb JOIN members m ON m.id = mb.member_id"
        f" WHERE mb.badge_id IN {{ids}} AND m.show_badges AND m.deleted_at IS NULL"
        f" AND m.visibility IN ({marks})"
        ") ranked WHERE position <= ? ORDER BY badge_id, position",
        db.ids(badge_ids),
        *[str(v.value) for v in visibilities],
        limit * HOLDER_OVERFETCH,
    )
    grouped: dict[int, list[Holder]] = defaultdict(list)
    for row in rows:
        grouped[int(row["badge_id"])].append(
            Holder(
                badge_id=int(row["badge_id"]),
                member_id=int(row["member_id"]),
                occurrence=int(row["occurrence"]),
                awarded_at=as_datetime(row["awarded_at"]),
            )
        )
    return grouped
