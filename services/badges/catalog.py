"""Staff editing of badge definitions (admins): create, update, enable/disable, preview, and
requesting a sweep.

Every saved definition is a new version: ``badges.version`` moves by a conditional UPDATE
(``WHERE version = <the version read>``, CONFLICT when someone else saved first) and the
definition is written to ``badge_versions`` in the same transaction. Enabling a badge, creating
an enabled one, or changing the criterion of an enabled one records ``badge.enabled`` in the
outbox with the change, so the retroactive sweep over all members survives a crash.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.accounts import StaffRole
from models.badges import Badge, BadgeGroup, BadgeTier, BadgeVersion
from services import outbox
from services.badges import criteria
from services.badges.criteria import EVERYONE, compile_criterion
from services.core.actors import Actor, actor_id, require_role
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode, InvalidInput, NotFound
from services.members.validation import https_url, text

BADGE_ENABLED = "badge.enabled"
SWEEP_REQUESTED = "badge.sweep_requested"
PREVIEW_SAMPLE = 10
_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{1,63}")
#: Fields a version keeps.
DEFINITION_FIELDS = (
    "key", "name_zh", "name_en", "description_zh", "description_en", "icon_url", "tier",
    "group", "repeatable", "enabled", "criterion",
)  # fmt: skip


@dataclass(frozen=True)
class Preview:
    """Who a criterion would award now: how many members, and the first handles."""

    count: int
    sample: list[str]


def definition(badge: Badge) -> dict[str, Any]:
    """The editable fields of ``badge`` as JSON-able values (what a version stores)."""
    values = {name: getattr(badge, name) for name in DEFINITION_FIELDS}
    values["tier"], values["group"] = str(badge.tier.value), str(badge.group.value)
    return values


async def _checked(fields: dict[str, Any]) -> dict[str, Any]:
    """Validated values for the given fields (absent ones are left out)."""
    clean: dict[str, Any] = {}
    if "key" in fields:
        if not isinstance(fields["key"], str) or not _KEY.fullmatch(fields["key"]):
            raise InvalidInput(field="key", message_key="badge.key")
        clean["key"] = fields["key"]
    for name, limit in (("name_zh", 64), ("name_en", 64)):
        if name in fields:
            clean[name] = text(fields[name], name=name, max_length=limit, required=True)
    for name in ("description_zh", "description_en"):
        if name in fields:
            clean[name] = text(fields[name], name=name, max_length=500) or ""
    if "icon_url" in fields:
        clean["icon_url"] = https_url(fields["icon_url"], name="icon_url", max_length=500)
    if "tier" in fields:
        clean["tier"] = BadgeTier(fields["tier"])
    if "group" in fields:
        clean["group"] = BadgeGroup(fields["group"])
    for name in ("repeatable", "enabled"):
        if name in fields:
            clean[name] = bool(fields[name])
    if "criterion" in fields:
        clean["criterion"] = await criteria.validate(fields["criterion"])
    return clean


async def create_badge(*, actor: Actor, **fields: Any) -> Badge:
    """A new badge (version 1). Needs key, names, group and criterion. BADGE_KEY_TAKEN for a
    key in use; criterion errors name the field at fault."""
    require_role(actor, StaffRole.ADMIN)
    for name in ("key", "name_zh", "name_en", "group", "criterion"):
        if fields.get(name) is None:
            raise InvalidInput(field=name, message_key="value.required")
    clean = await _checked(fields)
    try:
        async with in_transaction() as conn:
            badge = await Badge.create(**clean, using_db=conn)
            await _keep_version(conn, badge, actor)
            if badge.enabled:
                await _request_retroactive(conn, badge)
    except IntegrityError:
        raise DomainError(ErrorCode.BADGE_KEY_TAKEN, field="key") from None
    return badge


async def seed_badge(**fields: Any) -> bool:
    """Create a default badge (fixtures, as the system) unless its key exists: checked like a
    staff save, versioned, and awarded retroactively when enabled. True when created."""
    if await Badge.filter(key=fields["key"]).exists():
        return False
    clean = await _checked(fields)
    try:
        async with in_transaction() as conn:
            badge = await Badge.create(**clean, using_db=conn)
            await _keep_version(conn, badge, None)
            if badge.enabled:
                await _request_retroactive(conn, badge)
    except IntegrityError:
        return False  # created meanwhile by a concurrent loader
    return True


async def update_badge(
    *, actor: Actor, id: int, expected_version: int | None = None, **changes: Any
) -> Badge:
    """Save the given fields of badge ``id`` as the next version. ``expected_version`` (the
    version the editor started from) turns a concurrent edit into CONFLICT instead of a silent
    overwrite."""
    require_role(actor, StaffRole.ADMIN)
    clean = await _checked({k: v for k, v in changes.items() if v is not None})
    async with in_transaction() as conn:
        badge = await Badge.filter(id=id).using_db(conn).first()
        if badge is None:
            raise NotFound(field="id")
        if expected_version is not None and badge.version != expected_version:
            raise DomainError(ErrorCode.CONFLICT, field="expected_version")
        was_enabled, old_criterion = badge.enabled, badge.criterion
        if not clean:
            return badge
        try:
            moved = await (
                Badge.filter(id=badge.id, version=badge.version)
                .using_db(conn)
                .update(**clean, version=badge.version + 1)
            )
        except IntegrityError:
            raise DomainError(ErrorCode.BADGE_KEY_TAKEN, field="key") from None
        if not moved:
            raise DomainError(ErrorCode.CONFLICT, field="expected_version")
        badge = await Badge.filter(id=badge.id).using_db(conn).get()
        await _keep_version(conn, badge, actor)
        if badge.enabled and (not was_enabled or badge.criterion != old_criterion):
            await _request_retroactive(conn, badge)
    return badge


async def set_badge_enabled(*, actor: Actor, id: int, enabled: bool) -> Badge:
    """Switch badge ``id`` on (awarded retroactively to every member who meets it) or off (no
    new awards, holders keep theirs). Setting the current state again changes nothing."""
    require_role(actor, StaffRole.ADMIN)
    badge = await Badge.get_or_none(id=id)
    if badge is None:
        raise NotFound(field="id")
    if badge.enabled == enabled:
        return badge
    return await update_badge(actor=actor, id=id, enabled=enabled)


async def _keep_version(conn: BaseDBAsyncClient, badge: Badge, actor: Actor | None) -> None:
    await BadgeVersion.create(
        badge_id=badge.id,
        version=badge.version,
        definition=definition(badge),
        edited_by_id=actor_id(actor),
        using_db=conn,
    )


async def _request_retroactive(conn: BaseDBAsyncClient, badge: Badge) -> None:
    await outbox.record(
        BADGE_ENABLED, {"badge_key": badge.key, "version": badge.version}, using=conn
    )


async def preview_badge(*, actor: Actor, criterion: Any) -> Preview:
    """How many members (not deleted) meet ``criterion`` now and up to ten of their handles,
    awarding nothing. The criterion is checked like a save."""
    require_role(actor, StaffRole.ADMIN)
    compiled = compile_criterion(await criteria.validate(criterion), EVERYONE)
    db = Sql()
    source = f"({compiled.sql}) q JOIN members m ON m.id = q.member_id WHERE m.deleted_at IS NULL"
    count = await db.scalar(f"SELECT COUNT(*) AS n FROM {source}", *compiled.params)
    sample = await db.rows(
        f"SELECT m.handle FROM {source} ORDER BY m.id LIMIT {PREVIEW_SAMPLE}", *compiled.params
    )
    return Preview(count=int(count or 0), sample=[row["handle"] for row in sample])


async def request_sweep(*, actor: Actor, badge_keys: Collection[str] | None = None) -> int:
    """Queue a full sweep (of the named badges, or all) for a worker; returns the outbox
    event id. NOT_FOUND when a named badge does not exist."""
    require_role(actor, StaffRole.ADMIN)
    keys = sorted(set(badge_keys)) if badge_keys else None
    if keys and await Badge.filter(key__in=keys).count() != len(keys):
        raise NotFound(field="badge_keys")
    event = await outbox.record(SWEEP_REQUESTED, {"badge_keys": keys})
    return int(event.id)


async def badge_by_key(key: str) -> Badge | None:
    return await Badge.get_or_none(key=key)
