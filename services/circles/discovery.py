"""Finding circles: filtered, ordered lists with keyset pages, and suggestions for a member."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from tortoise.expressions import Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from models.circles import Circle, CircleKind, CircleTag, Membership, MembershipStatus
from models.members import Member, Vehicle
from services.pagination import Page, PageArgs, keyset_page

SUGGESTIONS = 10
_CANDIDATES = 30


class CircleOrder(StrEnum):
    MEMBERS = "MEMBERS"
    ACTIVITY = "ACTIVITY"
    NEWEST = "NEWEST"


_ORDERINGS = {
    CircleOrder.MEMBERS: ["-member_count", "-id"],
    CircleOrder.ACTIVITY: ["-last_activity_at", "-id"],
    CircleOrder.NEWEST: ["-id"],
}


@dataclass(frozen=True)
class CircleFilter:
    kind: CircleKind | None = None
    city: str | None = None
    tag: str | None = None
    #: Part of the name, slug or a tag, any case (Chinese or English).
    text: str | None = None
    certified: bool | None = None


def filtered(circle_filter: CircleFilter) -> QuerySet[Circle]:
    query = Circle.all()
    if circle_filter.kind is not None:
        query = query.filter(kind=circle_filter.kind)
    if circle_filter.city:
        query = query.filter(city=circle_filter.city.strip())
    if circle_filter.certified is not None:
        query = query.filter(certified=circle_filter.certified)
    if circle_filter.tag and circle_filter.tag.strip():
        tagged = CircleTag.filter(tag=circle_filter.tag.strip().lower()).values("circle_id")
        query = query.filter(id__in=Subquery(tagged))
    text = (circle_filter.text or "").strip().lower()[:64]
    if text:
        # a LIKE on the lower-cased column, which the trigram index serves on PostgreSQL
        query = query.filter(search_text__contains=text)
    return query


async def list_circles(
    *, circle_filter: CircleFilter, order: CircleOrder, args: PageArgs
) -> Page[Circle]:
    """One keyset page of circles matching ``circle_filter`` (one query)."""
    return await keyset_page(
        filtered(circle_filter), order=_ORDERINGS[CircleOrder(order)], args=args
    )


def _vehicle_tags(rows: list[dict[str, str]]) -> set[str]:
    tags: set[str] = set()
    for row in rows:
        for key in ("model__brand", "model__brand_zh", "model__name", "model__name_zh"):
            if row.get(key):
                tags.add(str(row[key]).strip().lower())
        if row.get("model__drivetrain"):
            tags.add(str(row["model__drivetrain"]).lower())
    return tags


async def suggested_circles(*, member: Member, limit: int = SUGGESTIONS) -> list[Circle]:
    """Up to ``limit`` circles the member is not in, ranked by how many signals point at each:
    the member's city (3), a tag matching their vehicles' brand, model or drivetrain (2 each)
    and members of their circles who are there (1 each, up to 5). Larger circles break ties.
    Runs a fixed number of queries."""
    mine_rows = await Membership.filter(
        member_id=member.id,
        status__in=[MembershipStatus.ACTIVE, MembershipStatus.PENDING, MembershipStatus.BANNED],
    ).values_list("circle_id", "status")
    mine = {circle_id for circle_id, _ in mine_rows}
    active = [circle_id for circle_id, status in mine_rows if status == MembershipStatus.ACTIVE]
    scores: Counter[int] = Counter()
    if member.city:
        city_ids = (
            await Circle.filter(city=member.city)
            .exclude(id__in=mine or [0])
            .order_by("-member_count", "-id")
            .limit(_CANDIDATES)
            .values_list("id", flat=True)
        )
        for circle_id in city_ids:
            scores[int(circle_id)] += 3  # type: ignore[call-overload]
    vehicles = await Vehicle.filter(owner_id=member.id).values(
        "model__brand", "model__brand_zh", "model__name", "model__name_zh", "model__drivetrain"
    )
    tags = _vehicle_tags(vehicles)
    if tags:
        for circle_id in await CircleTag.filter(tag__in=sorted(tags)).values_list(
            "circle_id", flat=True
        ):
            if circle_id not in mine:
                scores[int(circle_id)] += 2  # type: ignore[call-overload]
    if active:
        fellows = Membership.filter(circle_id__in=active, status=MembershipStatus.ACTIVE).exclude(
            member_id=member.id
        )
        rows = (
            await Membership.filter(
                status=MembershipStatus.ACTIVE, member_id__in=Subquery(fellows.values("member_id"))
            )
            .exclude(circle_id__in=sorted(mine))
            .annotate(shared=Count("id"))
            .group_by("circle_id")
            .order_by("-shared")
            .limit(_CANDIDATES)
            .values_list("circle_id", "shared")
        )
        for circle_id, shared in rows:
            scores[circle_id] += min(int(shared), 5)
    circles = {c.id: c for c in await Circle.filter(id__in=list(scores))} if scores else {}
    if len(circles) < limit:
        # a newcomer with no signals yet still gets the liveliest circles
        popular = (
            await Circle.exclude(id__in=sorted(mine | set(circles)) or [0])
            .order_by("-member_count", "-id")
            .limit(limit - len(circles))
        )
        circles.update({c.id: c for c in popular})
    ranked = sorted(circles.values(), key=lambda c: (-scores[c.id], -c.member_count, -c.id))
    return ranked[:limit]
