"""Leaderboard arguments and types."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Annotated

import strawberry

from schema.core.context import Info
from schema.core.ids import decode_id
from schema.core.pagination import PageInfo
from schema.members.access import audit_reads
from schema.members.types import MemberNode, member_nodes
from schema.rankings.enums import Metric, Period, Scope
from services.members.privacy import PROFILE
from services.rankings.boards import RankedRows, Standing, with_movement
from services.rankings.members import page_members

ScopeId = Annotated[
    str | None,
    strawberry.argument(
        description="The circle's global ID (`Circle.id`) for CIRCLE, the city name for CITY, "
        "omitted for GLOBAL."
    ),
]
MetricArg = Annotated[Metric, strawberry.argument(description="What the board ranks by.")]
ScopeArg = Annotated[Scope, strawberry.argument(description="Whom the board ranks.")]
PeriodArg = Annotated[Period, strawberry.argument(description="The current period to rank.")]


def board_scope_id(scope: Scope, scope_id: str | None) -> str | None:
    """The services' name of a board's scope: a CIRCLE board is named by the circle's global
    ID, whose key the services take (anything else is a circle that does not exist)."""
    if scope != Scope.CIRCLE:
        return scope_id
    return str(decode_id(scope_id or "", "Circle", field="scope_id"))


@strawberry.type(description="A member's place on a leaderboard.")
class LeaderboardEdge:
    cursor: str = strawberry.field(description="Opaque cursor for `after`.")
    rank: int = strawberry.field(
        description="Dense rank: equal scores share a rank, the next score has the next one."
    )
    score: int = strawberry.field(description="The member's score in the board's period.")
    movement: int | None = strawberry.field(
        description="Rank in the latest daily snapshot minus the rank now (positive: climbed); "
        "null when the member was not in that snapshot."
    )
    member: MemberNode | None = strawberry.field(
        description="The member as the viewer may see them (name only when their profile is "
        "hidden from the viewer; null if the member no longer exists). On CITY boards null "
        "unless the viewer may see the member's profile: being on the board tells the city."
    )


@strawberry.type(description="A page of a leaderboard, best first.")
class LeaderboardConnection:
    period_key: str = strawberry.field(
        description="The period shown: e.g. `2026-W48`, `2026-11`, `2026Q4` or `all`."
    )
    edges: list[LeaderboardEdge] = strawberry.field(description="The ranks of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the board.")


@strawberry.type(description="The viewer's own place on a leaderboard.")
class LeaderboardStanding:
    rank: int = strawberry.field(description="Dense rank on the board.")
    score: int = strawberry.field(description="Score in the board's period.")
    movement: int | None = strawberry.field(
        description="Rank in the latest daily snapshot minus the rank now, null if not in it."
    )
    period_key: str = strawberry.field(description="The period of the board.")


async def to_connection(info: Info, found: RankedRows) -> LeaderboardConnection:
    """The page with its members, loaded in one batch and privacy-checked while the movement
    query runs."""
    page, nodes = await asyncio.gather(with_movement(found), _member_nodes(info, found.member_ids))
    members = await _city_guard(info, nodes) if page.board.scope == Scope.CITY else nodes
    edges = [_edge(entry, member) for entry, member in zip(page.entries, members, strict=True)]
    return LeaderboardConnection(
        period_key=page.board.period_key,
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


async def _member_nodes(info: Info, member_ids: list[int]) -> list[MemberNode | None]:
    return await member_nodes(info, await page_members(member_ids))


async def _city_guard(info: Info, nodes: Sequence[MemberNode | None]) -> list[MemberNode | None]:
    """A CITY board names only the members whose profile (which holds the city) the viewer
    may see; staff see all of them, and their reads of hidden ones are audited like any
    staff read of a hidden profile."""
    shown = [node if node is not None and node.access.sees(PROFILE) else None for node in nodes]
    audited = [node for node in shown if node is not None and PROFILE in node.access.audited]
    if audited:
        await audit_reads(info, audited[0].reader, [(n.member_id, n.access) for n in audited])
    return shown


def _edge(entry: Standing, member: MemberNode | None) -> LeaderboardEdge:
    return LeaderboardEdge(
        cursor=entry.cursor,
        rank=entry.rank,
        score=entry.score,
        movement=entry.movement,
        member=member,
    )
