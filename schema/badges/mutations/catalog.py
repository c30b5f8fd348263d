"""The staff mutations of the badge catalog (admins): define, edit, switch on/off, preview and
sweep. The services check the role; anyone else gets FORBIDDEN in ``errors``."""

from __future__ import annotations

import strawberry

from schema.badges.mutations.criterion import keeping_criterion_keys, plain_criterion
from schema.badges.mutations.inputs import (
    CreateBadgeInput,
    PreviewBadgeInput,
    RunBadgeSweepInput,
    SetBadgeEnabledInput,
    UpdateBadgeInput,
)
from schema.badges.mutations.payloads import BadgePayload, PreviewBadgePayload, RunBadgeSweepPayload
from schema.badges.types import BadgeNode
from schema.core.context import Info
from schema.core.ids import Id
from schema.core.runner import run
from services.badges import catalog


@strawberry.type
class BadgeMutations:
    @strawberry.mutation(description="Define a badge (admins).")
    async def create_badge(self, info: Info, input: CreateBadgeInput) -> BadgePayload:
        return await run(
            info,
            BadgePayload,
            keeping_criterion_keys(catalog.create_badge),
            key=input.key,
            name_zh=input.name_zh,
            name_en=input.name_en,
            group=input.group,
            criterion=plain_criterion(input.criterion),
            tier=input.tier,
            description_zh=input.description_zh,
            description_en=input.description_en,
            icon_url=input.icon_url,
            repeatable=input.repeatable,
            enabled=input.enabled,
        )

    @strawberry.mutation(description="Edit a badge as a new version (admins).")
    async def update_badge(self, info: Info, input: UpdateBadgeInput) -> BadgePayload:
        return await run(
            info,
            BadgePayload,
            keeping_criterion_keys(catalog.update_badge),
            id=Id(input.id, BadgeNode),
            expected_version=input.expected_version,
            name_zh=input.name_zh,
            name_en=input.name_en,
            description_zh=input.description_zh,
            description_en=input.description_en,
            icon_url=input.icon_url,
            tier=input.tier,
            group=input.group,
            repeatable=input.repeatable,
            criterion=plain_criterion(input.criterion),
        )

    @strawberry.mutation(description="Switch a badge on or off (admins).")
    async def set_badge_enabled(self, info: Info, input: SetBadgeEnabledInput) -> BadgePayload:
        return await run(
            info,
            BadgePayload,
            catalog.set_badge_enabled,
            id=Id(input.id, BadgeNode),
            enabled=input.enabled,
        )

    @strawberry.mutation(description="Count who a criterion would award, awarding nothing.")
    async def preview_badge(self, info: Info, input: PreviewBadgeInput) -> PreviewBadgePayload:
        return await run(
            info,
            PreviewBadgePayload,
            keeping_criterion_keys(catalog.preview_badge),
            criterion=plain_criterion(input.criterion),
        )

    @strawberry.mutation(description="Queue a full badge sweep for a worker (admins).")
    async def run_badge_sweep(self, info: Info, input: RunBadgeSweepInput) -> RunBadgeSweepPayload:
        return await run(
            info, RunBadgeSweepPayload, catalog.request_sweep, badge_keys=input.badge_keys
        )
