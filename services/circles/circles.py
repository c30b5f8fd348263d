"""Founding and editing circles, and their certification by staff."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.circles import (
    Certification,
    Circle,
    CircleKind,
    CircleTag,
    JoinPolicy,
    Membership,
    MembershipRole,
    MembershipStatus,
)
from services import outbox
from services.circles.access import get_circle, is_staff, require_owner
from services.core import clock
from services.core.actors import Actor
from services.errors import DomainError, ErrorCode, Forbidden, InvalidInput
from services.members.validation import KEEP, Keep, https_url, text
from services.notifications import notify, publish_notifications

NAME_MAX = 64
DESCRIPTION_MAX = 2000
MAX_TAGS = 10
TAG_MAX = 32
NOTE_MAX = 500
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,62})[a-z0-9]$")


def normalize_tags(tags: Sequence[str]) -> list[str]:
    """Distinct lower-cased tags in the given order (at most 10 of up to 32 characters)."""
    cleaned = list(dict.fromkeys(tag.strip().lower() for tag in tags if tag.strip()))
    if len(cleaned) > MAX_TAGS or any(len(tag) > TAG_MAX for tag in cleaned):
        raise InvalidInput(field="tags", message_key="circle.tags")
    return cleaned


def _name(value: str | None) -> str:
    name = text(value, name="name", max_length=NAME_MAX, required=True)
    if name is None or len(name) < 2:
        raise InvalidInput(field="name", message_key="circle.name")
    return name


def _slug(value: str | None, name: str) -> str:
    if value is None or not value.strip():
        ascii_part = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40]
        return f"{ascii_part or 'circle'}-{secrets.token_hex(3)}"
    slug = value.strip().lower()
    if not _SLUG.match(slug):
        raise InvalidInput(field="slug", message_key="circle.slug")
    return slug


def search_text(name: str, slug: str, tags: Sequence[str]) -> str:
    return " ".join([name.lower(), slug, *tags])[:600]


async def _write_tags(conn: BaseDBAsyncClient, circle_id: int, tags: list[str]) -> None:
    await CircleTag.filter(circle_id=circle_id).using_db(conn).delete()
    if tags:
        await CircleTag.bulk_create(
            [CircleTag(circle_id=circle_id, tag=tag) for tag in tags], using_db=conn
        )


async def create_circle(
    *,
    actor: Actor,
    name: str,
    kind: CircleKind,
    slug: str | None = None,
    city: str | None = None,
    tags: Sequence[str] = (),
    description: str | None = None,
    cover_url: str | None = None,
    join_policy: JoinPolicy = JoinPolicy.OPEN,
) -> Circle:
    """Found a circle with ``actor`` as its owner and only member (member count 1). Any member
    may found one, OFFICIAL circles are staff-only and born certified. Raises INVALID_INPUT for
    bad fields, SLUG_TAKEN when the address is in use."""
    kind = CircleKind(kind)
    if kind == CircleKind.OFFICIAL and not is_staff(actor):
        raise Forbidden(field="kind", message_key="circle.official_staff")
    clean_name = _name(name)
    clean_slug = _slug(slug, clean_name)
    clean_tags = normalize_tags(tags)
    official = kind == CircleKind.OFFICIAL
    values: dict[str, Any] = {
        "name": clean_name,
        "slug": clean_slug,
        "kind": kind,
        "city": text(city, name="city", max_length=64),
        "tags": clean_tags,
        "description": text(description, name="description", max_length=DESCRIPTION_MAX) or "",
        "cover_url": https_url(cover_url, name="cover_url", max_length=500),
        "join_policy": JoinPolicy(join_policy),
        "certified": official,
        "certification": Certification.CERTIFIED if official else Certification.NONE,
        "certified_at": clock.now() if official else None,
        "search_text": search_text(clean_name, clean_slug, clean_tags),
        "member_count": 1,
    }
    try:
        async with in_transaction() as conn:
            circle = await Circle.create(founder_id=actor.id, **values, using_db=conn)
            await _write_tags(conn, circle.id, clean_tags)
            await Membership.create(
                circle_id=circle.id,
                member_id=actor.id,
                role=MembershipRole.OWNER,
                status=MembershipStatus.ACTIVE,
                joined_at=clock.now(),
                using_db=conn,
            )
            await outbox.record(
                "circle.created",
                {"circle_id": circle.id, "founder_id": actor.id, "city": circle.city},
                using=conn,
            )
    except IntegrityError as exc:
        raise DomainError(ErrorCode.SLUG_TAKEN, field="slug") from exc
    return circle


async def update_circle(
    *,
    actor: Actor,
    circle_id: int,
    name: str | Keep = KEEP,
    city: str | None | Keep = KEEP,
    tags: Sequence[str] | Keep = KEEP,
    description: str | None | Keep = KEEP,
    cover_url: str | None | Keep = KEEP,
    join_policy: JoinPolicy | None | Keep = KEEP,
) -> Circle:
    """Change the given fields (owner or staff). Others stay as they are."""
    circle = await get_circle(circle_id)
    await require_owner(circle_id, actor)
    changes: dict[str, Any] = {}
    if name is not KEEP:
        changes["name"] = _name(name)
    if city is not KEEP:
        changes["city"] = text(city, name="city", max_length=64)
    if description is not KEEP:
        changes["description"] = (
            text(description, name="description", max_length=DESCRIPTION_MAX) or ""
        )
    if cover_url is not KEEP:
        changes["cover_url"] = https_url(cover_url, name="cover_url", max_length=500)
    if join_policy is not KEEP:
        if join_policy is None:
            raise InvalidInput(field="join_policy", message_key="value.required")
        changes["join_policy"] = JoinPolicy(join_policy)
    new_tags = normalize_tags(tags) if tags is not KEEP else None
    if new_tags is not None:
        changes["tags"] = new_tags
    if not changes:
        return circle
    changes["search_text"] = search_text(
        changes.get("name", circle.name), circle.slug, changes.get("tags", circle.tags)
    )
    async with in_transaction() as conn:
        await Circle.filter(id=circle_id).using_db(conn).update(**changes)
        if new_tags is not None:
            await _write_tags(conn, circle_id, new_tags)
    return await get_circle(circle_id)


async def request_certification(*, actor: Actor, circle_id: int, note: str | None) -> Circle:
    """The owner asks staff to certify the circle. Raises ALREADY_DONE when a request is
    pending or the circle is certified."""
    await get_circle(circle_id)
    await require_owner(circle_id, actor)
    clean_note = text(note, name="note", max_length=NOTE_MAX) or ""
    changed = await Circle.filter(
        id=circle_id,
        certified=False,
        certification__in=[Certification.NONE, Certification.REJECTED],
    ).update(certification=Certification.REQUESTED, certification_note=clean_note)
    if not changed:
        raise DomainError(ErrorCode.ALREADY_DONE, message_key="certification.requested")
    return await get_circle(circle_id)


async def decide_certification(
    *, actor: Actor, circle_id: int, approve: bool, reason: str | None
) -> Circle:
    """Staff certify a circle or reject the request (a reason is required to reject). Only a
    pending request can be decided, once. The owner is notified."""
    if not is_staff(actor):
        raise Forbidden(message_key="staff.only")
    circle = await get_circle(circle_id)
    clean_reason = text(reason, name="reason", max_length=NOTE_MAX) or ""
    if not approve and not clean_reason:
        raise InvalidInput(field="reason", message_key="reason.required")
    status = Certification.CERTIFIED if approve else Certification.REJECTED
    async with in_transaction() as conn:
        changed = (
            await Circle.filter(id=circle_id, certification=Certification.REQUESTED)
            .using_db(conn)
            .update(
                certification=status,
                certified=approve,
                certified_at=clock.now() if approve else None,
                certification_note=clean_reason,
            )
        )
        if not changed:
            raise DomainError(ErrorCode.ALREADY_DONE, message_key="certification.not_requested")
        owner = (
            await Membership.filter(circle_id=circle_id, role=MembershipRole.OWNER)
            .using_db(conn)
            .first()
        )
        row = None
        if owner is not None:
            row = await notify(
                owner.member_id,
                "CIRCLE_CERTIFICATION_DECIDED",
                {"circleId": circle.id, "certified": approve, "reason": clean_reason},
                using=conn,
            )
    await publish_notifications([row])
    return await get_circle(circle_id)
