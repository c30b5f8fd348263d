"""The viewer's own loyalty standing: points, tier and contribution, with their histories."""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime
from typing import Annotated

import strawberry

from models.loyalty import ContributionEntry, EntryKind, TierChange
from schema.core.pagination import Connection, to_connection
from schema.loyalty.types import PointsEntryConnection, PointsEntryNode, TierInfo
from services.loyalty import views
from services.loyalty.contribution import contribution_score
from services.pagination import PageArgs

First = Annotated[int | None, strawberry.argument(description="Page size (at most 100).")]
After = Annotated[str | None, strawberry.argument(description="Cursor to continue after.")]


@strawberry.type(description="Points that expire on one date.")
class ExpiringPoints:
    amount: int = strawberry.field(description="Points expiring.")
    date: Date = strawberry.field(description="The last day they can be spent (platform time).")


@strawberry.type(description="The viewer's points: spendable, held and their history.")
class Points:
    member_id: strawberry.Private[int]
    balance: int = strawberry.field(description="Spendable points.")
    held: int = strawberry.field(
        description="Points reserved for pending payments (event fees, marketplace orders)."
    )
    lifetime_earned: int = strawberry.field(description="Every point ever earned.")

    @classmethod
    def from_summary(cls, summary: views.PointsSummary) -> Points:
        return cls(
            member_id=summary.member_id,
            balance=summary.balance,
            held=summary.held,
            lifetime_earned=summary.lifetime_earned,
        )

    @strawberry.field(description="Points expiring within the notice period, soonest first.")
    async def expiring_soon(self) -> list[ExpiringPoints]:
        rows = await views.expiring_soon(self.member_id)
        return [ExpiringPoints(amount=row.amount, date=row.date) for row in rows]

    @strawberry.field(description="Ledger entries, newest first, with optional filters.")
    async def history(
        self,
        first: First = None,
        after: After = None,
        kind: Annotated[
            EntryKind | None, strawberry.argument(description="Only this kind.")
        ] = None,
        reason: Annotated[str | None, strawberry.argument(description="Only this reason.")] = None,
        from_: Annotated[
            datetime | None, strawberry.argument(name="from", description="From (inclusive).")
        ] = None,
        to: Annotated[
            datetime | None, strawberry.argument(description="Until (exclusive).")
        ] = None,
    ) -> PointsEntryConnection:
        page = await views.points_history(
            self.member_id,
            PageArgs(first=first, after=after),
            kind=kind,
            reason=reason,
            since=from_,
            until=to,
        )
        return to_connection(page, PointsEntryNode.from_model)


@strawberry.type(description="How far the viewer is towards the next tier.")
class TierProgress:
    qualifying_points: int = strawberry.field(
        description="Points earned in the rolling 12 months (what tiers are based on)."
    )
    next_threshold: int | None = strawberry.field(
        description="Qualifying points the next tier needs, null at the top tier."
    )


@strawberry.type(name="TierChange", description="A move from one tier to another.")
class TierChangeType:
    from_key: str = strawberry.field(description="The tier before.")
    to_key: str = strawberry.field(description="The tier after.")
    qualifying_points: int = strawberry.field(description="Qualifying points at the time.")
    created_at: datetime = strawberry.field(description="When it happened.")

    @classmethod
    def from_model(cls, row: TierChange) -> TierChangeType:
        return cls(
            from_key=row.from_key,
            to_key=row.to_key,
            qualifying_points=row.qualifying_points,
            created_at=row.created_at,
        )


@strawberry.type(description="The viewer's tier, progress and tier history.")
class TierStatus:
    member_id: strawberry.Private[int]
    next_threshold: strawberry.Private[int | None]
    current: TierInfo = strawberry.field(description="The tier held now.")
    next_tier: TierInfo | None = strawberry.field(description="The next tier up, if any.")
    since: datetime | None = strawberry.field(description="Since when the tier is held.")

    @strawberry.field(description="Progress towards the next tier.")
    async def progress(self) -> TierProgress:
        # a sum over the member's ledger: read only when asked for
        qualifying = await views.qualifying_points(self.member_id)
        return TierProgress(qualifying_points=qualifying, next_threshold=self.next_threshold)

    @strawberry.field(description="Tier changes, newest first.")
    async def history(self, first: First = None, after: After = None) -> Connection[TierChangeType]:
        page = await views.tier_history(self.member_id, PageArgs(first=first, after=after))
        return to_connection(page, TierChangeType.from_model)


@strawberry.type(name="ContributionEntry", description="One change of the contribution score.")
class ContributionEntryType:
    amount: int = strawberry.field(description="Change of the score.")
    reason: str = strawberry.field(description="Reason code, e.g. ROUTE_ACCEPTED.")
    created_at: datetime = strawberry.field(description="When it happened.")

    @classmethod
    def from_model(cls, row: ContributionEntry) -> ContributionEntryType:
        return cls(amount=row.amount, reason=row.reason, created_at=row.created_at)


@strawberry.type(description="The non-spendable contribution score for community work.")
class Contribution:
    member_id: strawberry.Private[int]

    @strawberry.field(description="Current score (never usable to redeem rewards).")
    async def score(self) -> int:
        return await contribution_score(self.member_id)

    @strawberry.field(description="Score changes, newest first.")
    async def history(
        self, first: First = None, after: After = None
    ) -> Connection[ContributionEntryType]:
        page = await views.contribution_history(self.member_id, PageArgs(first=first, after=after))
        return to_connection(page, ContributionEntryType.from_model)


async def tier_status(member_id: int) -> TierStatus:
    overview = await views.tier_overview(member_id)
    upcoming = overview.next
    return TierStatus(
        member_id=member_id,
        next_threshold=upcoming.threshold if upcoming else None,
        current=TierInfo.from_model(overview.current),
        next_tier=TierInfo.from_model(upcoming) if upcoming else None,
        since=overview.since,
    )
