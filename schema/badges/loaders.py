"""Badge loaders: badges by id, the recent holders of many badges in one query, and one page
of the badges of many members in two.

Plain DataLoaders given their batch function as ``load_fn`` (a ``batch`` method would shadow
the pending batch strawberry's DataLoader keeps under that name)."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from models.badges import Badge, BadgeVersion, MemberBadge
from models.members import Visibility
from schema.loaders import many_per_key, one_per_key
from services.badges import holders
from services.badges.holders import Holder
from services.pagination import Page, PageArgs

#: (badge id, how many, visibilities the reader may see) -> the badge's latest holders.
HolderKey = tuple[int, int, tuple[Visibility, ...]]
#: (member id, first, after) -> that page of the member's awards.
MemberBadgesKey = tuple[int, int | None, str | None]


async def _badges(keys: list[int]) -> list[Badge | None]:
    return one_per_key(keys, await Badge.filter(id__in=keys), lambda row: row.id)


async def _versions(keys: list[int]) -> list[list[BadgeVersion]]:
    rows = await BadgeVersion.filter(badge_id__in=keys).order_by("-version")
    return many_per_key(keys, rows, lambda row: row.badge_id)


async def _recent_holders(keys: list[HolderKey]) -> list[list[Holder]]:
    groups: dict[tuple[int, tuple[Visibility, ...]], list[int]] = {}
    for badge_id, limit, visibilities in keys:
        groups.setdefault((limit, visibilities), []).append(badge_id)
    found: dict[HolderKey, list[Holder]] = {}
    for (limit, visibilities), badge_ids in groups.items():
        rows = await holders.recent_holders(badge_ids, limit, visibilities=visibilities)
        for badge_id in badge_ids:
            found[(badge_id, limit, visibilities)] = rows.get(badge_id, [])
    return [found.get(key, []) for key in keys]


async def _member_badges(keys: list[MemberBadgesKey]) -> list[Page[MemberBadge]]:
    groups: dict[tuple[int | None, str | None], list[int]] = {}
    for member_id, first, after in keys:
        groups.setdefault((first, after), []).append(member_id)
    found: dict[MemberBadgesKey, Page[MemberBadge]] = {}
    for (first, after), member_ids in groups.items():
        pages = await holders.members_badges(member_ids, PageArgs(first=first, after=after))
        for member_id, result in pages.items():
            found[(member_id, first, after)] = result
    return [found[key] for key in keys]


class BadgeByIdLoader(DataLoader[int, Badge | None]):
    def __init__(self) -> None:
        super().__init__(load_fn=_badges)


class VersionsByBadgeLoader(DataLoader[int, list[BadgeVersion]]):
    """Every version of each badge, newest first."""

    def __init__(self) -> None:
        super().__init__(load_fn=_versions)


class RecentHoldersLoader(DataLoader[HolderKey, list[Holder]]):
    """Batches by (count, visibilities), which are the same for every badge of a request."""

    def __init__(self) -> None:
        super().__init__(load_fn=_recent_holders)


class MemberBadgesLoader(DataLoader[MemberBadgesKey, Page[MemberBadge]]):
    """Batches by (first, after): a list of members asks for the same page of each."""

    def __init__(self) -> None:
        super().__init__(load_fn=_member_badges)
