"""Staff badge mutations (admins): define, edit, switch on/off, preview, sweep. The services
check the role; anyone else gets FORBIDDEN in ``errors``."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.relay import GlobalID
from strawberry.scalars import JSON

from models.badges import BadgeTier
from schema.badges.types import BadgeGroupEnum, BadgeNode, BadgeTierEnum
from schema.core.context import Info
from schema.core.errors import UserError, user_errors
from schema.core.ids import decode_id
from services.badges import catalog
from services.errors import DomainError

CRITERION_HELP = (
    'The rule as a JSON object, e.g. {"type": "events_completed", "count": 10, '
    '"min_difficulty": 4}. Types: events_completed, route_completed, points_earned, '
    "contribution, posts, accepted_routes, consecutive_months, season_rank (docs/badges.md)."
)


@strawberry.input(description="A new badge definition (admins).")
class CreateBadgeInput:
    key: str = strawberry.field(description="Stable key: 2-64 of a-z, 0-9, _ and -.")
    name_zh: str = strawberry.field(description="Name in Chinese.")
    name_en: str = strawberry.field(description="Name in English.")
    group: BadgeGroupEnum = strawberry.field(description="Shelf it is shown on.")  # type: ignore[valid-type]
    criterion: JSON = strawberry.field(description=CRITERION_HELP)
    tier: BadgeTierEnum = strawberry.field(default=BadgeTier.BRONZE, description="Tier.")  # type: ignore[valid-type]
    description_zh: str | None = strawberry.field(default=None, description="How to earn it (zh).")
    description_en: str | None = strawberry.field(default=None, description="How to earn it (en).")
    icon_url: str | None = strawberry.field(default=None, description="Icon (https URL).")
    repeatable: bool = strawberry.field(default=False, description="Awarded again and again.")
    enabled: bool = strawberry.field(
        default=False, description="Award it now (retroactively to every member who meets it)."
    )


@strawberry.input(description="Edit a badge: given fields change, the rest stay (admins).")
class UpdateBadgeInput:
    id: strawberry.ID = strawberry.field(description="The badge's global ID.")
    expected_version: int | None = strawberry.field(
        default=None, description="The version edited; CONFLICT if someone saved meanwhile."
    )
    name_zh: str | None = strawberry.field(default=None, description="Name in Chinese.")
    name_en: str | None = strawberry.field(default=None, description="Name in English.")
    description_zh: str | None = strawberry.field(default=None, description="How to earn it (zh).")
    description_en: str | None = strawberry.field(default=None, description="How to earn it (en).")
    icon_url: str | None = strawberry.field(default=None, description="Icon (https URL).")
    tier: BadgeTierEnum | None = strawberry.field(default=None, description="Tier.")  # type: ignore[valid-type]
    group: BadgeGroupEnum | None = strawberry.field(default=None, description="Shelf.")  # type: ignore[valid-type]
    repeatable: bool | None = strawberry.field(default=None, description="Awarded repeatedly.")
    criterion: JSON | None = strawberry.field(default=None, description=CRITERION_HELP)


@strawberry.input(description="Switch a badge on or off (admins).")
class SetBadgeEnabledInput:
    id: strawberry.ID = strawberry.field(description="The badge's global ID.")
    enabled: bool = strawberry.field(
        description="On: awarded from now on and retroactively. Off: no new awards."
    )


@strawberry.input(description="A criterion to try out without awarding anything (admins).")
class PreviewBadgeInput:
    criterion: JSON = strawberry.field(description=CRITERION_HELP)


@strawberry.input(description="Queue a full sweep for a worker (admins).")
class RunBadgeSweepInput:
    badge_keys: list[str] | None = strawberry.field(
        default=None, description="Only these badges (every enabled badge when omitted)."
    )


@strawberry.type(description="Result of a badge edit.")
class BadgePayload:
    badge: BadgeNode | None = strawberry.field(default=None, description="The badge as saved.")
    errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing was changed, if so."
    )


@strawberry.type(description="Who a criterion would award now.")
class PreviewBadgePayload:
    count: int = strawberry.field(default=0, description="Members who meet it now.")
    sample: list[str] = strawberry.field(
        default_factory=list, description="Handles of up to 10 of them."
    )
    errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why the criterion was refused, if so."
    )


@strawberry.type(description="Result of queueing a sweep.")
class RunBadgeSweepPayload:
    queued: bool = strawberry.field(default=False, description="A worker will run the sweep.")
    errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing was queued, if so."
    )


def _fields(given: Any, names: tuple[str, ...]) -> dict[str, Any]:
    values = {name: getattr(given, name) for name in names}
    if "criterion" in values:
        values["criterion"] = plain_criterion(values["criterion"])
    return values


def plain_criterion(criterion: Any) -> Any:
    """The criterion with a Route's global ID in ``route_id`` replaced by the route's database
    id, which is all the services know. Anything else is left for the services to refuse."""
    if not isinstance(criterion, dict):
        return criterion
    route_id = criterion.get("route_id")
    if not isinstance(route_id, str) or route_id.isdigit():
        return criterion
    try:
        global_id = GlobalID.from_id(route_id)
    except ValueError:
        return criterion
    if global_id.type_name != "Route" or not global_id.node_id.isdigit():
        return criterion
    return {**criterion, "route_id": int(global_id.node_id)}


_EDITABLE = ("name_zh", "name_en", "description_zh", "description_en", "icon_url", "tier",
             "group", "repeatable", "criterion")  # fmt: skip


@strawberry.type
class BadgeMutations:
    @strawberry.mutation(description="Define a badge (admins).")
    async def create_badge(self, info: Info, input: CreateBadgeInput) -> BadgePayload:
        viewer = await info.context.require_viewer()
        try:
            badge = await catalog.create_badge(
                actor=viewer, key=input.key, enabled=input.enabled, **_fields(input, _EDITABLE)
            )
        except DomainError as error:
            return BadgePayload(errors=user_errors(error, info.context.locale))
        return BadgePayload(badge=BadgeNode.from_model(badge))

    @strawberry.mutation(description="Edit a badge as a new version (admins).")
    async def update_badge(self, info: Info, input: UpdateBadgeInput) -> BadgePayload:
        viewer = await info.context.require_viewer()
        try:
            badge = await catalog.update_badge(
                actor=viewer,
                badge_id=decode_id(input.id, "Badge", field="id"),
                expected_version=input.expected_version,
                **_fields(input, _EDITABLE),
            )
        except DomainError as error:
            return BadgePayload(errors=user_errors(error, info.context.locale))
        return BadgePayload(badge=BadgeNode.from_model(badge))

    @strawberry.mutation(description="Switch a badge on or off (admins).")
    async def set_badge_enabled(self, info: Info, input: SetBadgeEnabledInput) -> BadgePayload:
        viewer = await info.context.require_viewer()
        try:
            badge = await catalog.set_badge_enabled(
                actor=viewer,
                badge_id=decode_id(input.id, "Badge", field="id"),
                enabled=input.enabled,
            )
        except DomainError as error:
            return BadgePayload(errors=user_errors(error, info.context.locale))
        return BadgePayload(badge=BadgeNode.from_model(badge))

    @strawberry.mutation(description="Count who a criterion would award, awarding nothing.")
    async def preview_badge(self, info: Info, input: PreviewBadgeInput) -> PreviewBadgePayload:
        viewer = await info.context.require_viewer()
        try:
            preview = await catalog.preview_badge(
                actor=viewer, criterion=plain_criterion(input.criterion)
            )
        except DomainError as error:
            return PreviewBadgePayload(errors=user_errors(error, info.context.locale))
        return PreviewBadgePayload(count=preview.count, sample=preview.sample)

    @strawberry.mutation(description="Queue a full badge sweep for a worker (admins).")
    async def run_badge_sweep(self, info: Info, input: RunBadgeSweepInput) -> RunBadgeSweepPayload:
        viewer = await info.context.require_viewer()
        try:
            await catalog.request_sweep(actor=viewer, badge_keys=input.badge_keys)
        except DomainError as error:
            return RunBadgeSweepPayload(errors=user_errors(error, info.context.locale))
        return RunBadgeSweepPayload(queued=True)
