"""The ``Badge`` node, a member's ``BadgeAward`` and a badge's ``BadgeHolder``."""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, cast

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from models.badges import Badge, MemberBadge
from models.members import Visibility
from schema.badges.enums import BadgeGroup, BadgeTier
from schema.badges.loaders import BadgeByIdLoader, RecentHoldersLoader, VersionsByBadgeLoader
from schema.core.context import Info
from schema.core.ids import key_of, type_name
from schema.core.pagination import Connection, to_connection
from schema.members.access import reader_of
from services.errors import Forbidden, InvalidInput
from services.members.privacy import BADGES
from services.pagination import MAX_PAGE, Page

if TYPE_CHECKING:
    from schema.members.types import MemberNode


@strawberry.type(description="A member who holds a badge, as the reader may see them.")
class BadgeHolder:
    member: Annotated[MemberNode, strawberry.lazy("schema.members.types")] = strawberry.field(
        description="The holder."
    )
    occurrence: int = strawberry.field(description="Which award of a repeatable badge (1 first).")
    awarded_at: datetime = strawberry.field(description="When it was awarded.")


@strawberry.type(description="One saved version of a badge definition (staff only).")
class BadgeVersionEntry:
    version: int = strawberry.field(description="Version number, 1 for the first save.")
    definition: JSON = strawberry.field(
        description="Every editable field as saved (key, names, descriptions, icon, tier, "
        "group, repeatable, enabled, criterion)."
    )
    edited_by: relay.GlobalID | None = strawberry.field(
        description="The staff member who saved it (null for the default catalog)."
    )
    created_at: datetime = strawberry.field(description="When it was saved.")


@strawberry.type(name="Badge", description="A badge members earn (徽章), defined by staff as data.")
class BadgeNode(relay.Node):
    badge_id: relay.NodeID[int]
    key: str = strawberry.field(description="Stable key, e.g. `desert-conqueror`.")
    name_zh: str = strawberry.field(description="Name in Chinese (徽章名称).")
    name_en: str = strawberry.field(description="Name in English.")
    description_zh: str = strawberry.field(description="How to earn it, in Chinese.")
    description_en: str = strawberry.field(description="How to earn it, in English.")
    icon_url: str | None = strawberry.field(description="Icon image (https URL).")
    tier: BadgeTier = strawberry.field(description="BRONZE, SILVER or GOLD.")
    group: BadgeGroup = strawberry.field(description="Shelf it is shown on.")
    repeatable: bool = strawberry.field(
        description="Awarded again each time the criterion is met again (else once)."
    )
    enabled: bool = strawberry.field(description="Being awarded (disabled badges: staff only).")
    criterion: JSON = strawberry.field(
        description="The rule, in the criterion vocabulary (docs/badges.md)."
    )
    version: int = strawberry.field(description="Definition version, bumped on every edit.")
    holder_count: int = strawberry.field(description="Members holding it.")
    rarity: float = strawberry.field(
        description="Share of members holding it, in percent (0–100), kept by the award engine."
    )
    created_at: datetime = strawberry.field(description="When it was defined.")

    @strawberry.field(
        description="The latest holders, newest first: only members who show their badges "
        "and whose profile the reader may see."
    )
    async def recent_holders(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="How many (at most 100).")] = 10,
    ) -> list[BadgeHolder]:
        if not 0 <= first <= MAX_PAGE:
            raise InvalidInput(field=["first"], message_key="first.range")
        reader = await reader_of(info)
        visibilities: tuple[Visibility, ...] = (Visibility.PUBLIC,)
        if reader.signed_in:
            visibilities = (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.CIRCLES)
        rows = await info.context.loaders.get(RecentHoldersLoader).load(
            (self.badge_id, first, visibilities)
        )
        nodes = await _member_nodes(info, [row.member_id for row in rows])
        shown = [
            BadgeHolder(member=node, occurrence=row.occurrence, awarded_at=row.awarded_at)
            for row, node in zip(rows, nodes, strict=True)
            if node is not None and node.access.sees(BADGES) and BADGES not in node.access.audited
        ]
        return shown[:first]

    @strawberry.field(
        description="Every saved version of the definition, newest first (staff only: "
        "FORBIDDEN for anyone else)."
    )
    async def history(self, info: Info) -> list[BadgeVersionEntry]:
        if not (await reader_of(info)).is_staff:
            raise Forbidden(field=["history"], message_key="staff.only")
        rows = await info.context.loaders.get(VersionsByBadgeLoader).load(self.badge_id)
        return [
            BadgeVersionEntry(
                version=row.version,
                definition=JSON(row.definition),
                edited_by=relay.GlobalID("Member", str(row.edited_by_id))
                if row.edited_by_id is not None
                else None,
                created_at=row.created_at,
            )
            for row in rows
        ]

    @classmethod
    def from_model(cls, badge: Badge) -> BadgeNode:
        return cls(
            badge_id=badge.id,
            key=badge.key,
            name_zh=badge.name_zh,
            name_en=badge.name_en,
            description_zh=badge.description_zh,
            description_en=badge.description_en,
            icon_url=badge.icon_url,
            tier=badge.tier,
            group=badge.group,
            repeatable=badge.repeatable,
            enabled=badge.enabled,
            criterion=JSON(badge.criterion),
            version=badge.version,
            holder_count=badge.holder_count,
            rarity=round(badge.holder_pct, 4),
            created_at=badge.created_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # relay.Node overloads it on `required`
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[BadgeNode | None]:
        """Disabled badges resolve for staff only."""
        keys = [key_of(relay.GlobalID(type_name(cls), raw), cls) or 0 for raw in node_ids]
        rows = await info.context.loaders.get(BadgeByIdLoader).load_many(keys)
        staff = (await reader_of(info)).is_staff
        return [
            cls.from_model(row) if row is not None and (row.enabled or staff) else None
            for row in rows
        ]


@strawberry.type(description="A badge a member holds.")
class BadgeAward:
    badge: BadgeNode = strawberry.field(description="The badge.")
    occurrence: int = strawberry.field(description="Which award of a repeatable badge (1 first).")
    awarded_at: datetime = strawberry.field(description="When it was awarded.")

    @classmethod
    def from_model(cls, row: MemberBadge) -> BadgeAward:
        return cls(
            badge=BadgeNode.from_model(row.badge),
            occurrence=row.occurrence,
            awarded_at=row.awarded_at,
        )


async def _member_nodes(info: Info, member_ids: Sequence[int]) -> list[MemberNode | None]:
    """``Member`` nodes as the reader may see them (one batch), from the Member type's own
    ``resolve_nodes``, found in the schema by its name the way ``nodes(ids:)`` finds it: the
    module of that type imports this one (``Member.badges``), so this one does not import it."""
    member_type = relay.GlobalID("Member", "").resolve_type(info)
    found = member_type.resolve_nodes(info=info, node_ids=[str(key) for key in member_ids])
    nodes = await found if inspect.isawaitable(found) else found
    return cast("list[MemberNode | None]", list(nodes))


BadgeConnection = Connection[BadgeNode]


@strawberry.type(description="A page of a member's badges (Relay connection).")
class BadgeAwardConnection(Connection[BadgeAward]):
    @classmethod
    def of(cls, result: Page[MemberBadge]) -> BadgeAwardConnection:
        page = to_connection(result, BadgeAward.from_model)
        return cls(edges=page.edges, page_info=page.page_info, total_count=page.total_count)
