"""A member's own profile and privacy settings, and finding members by handle."""

from __future__ import annotations

from typing import Any

from models.members import Member, Visibility
from services.core.actors import Actor
from services.errors import InvalidInput, NotFound
from services.i18n import SUPPORTED_LOCALES
from services.members.validation import KEEP, Keep, https_url, text

DISPLAY_NAME_MAX = 64
AVATAR_URL_MAX = 500
CITY_MAX = 64
BIO_MAX = 500


async def find_by_handle(handle: str) -> Member | None:
    """The member with ``handle`` (case-insensitive), None when there is none or it was
    deleted."""
    key = handle.strip().lower()
    if not key or len(key) > 32:
        return None
    return await Member.filter(handle_key=key, deleted_at=None).first()


async def update_profile(
    *,
    actor: Actor,
    display_name: str | None | Keep = KEEP,
    avatar_url: str | None | Keep = KEEP,
    city: str | None | Keep = KEEP,
    bio: str | None | Keep = KEEP,
    locale: str | None | Keep = KEEP,
) -> Member:
    """Change the given fields of ``actor``'s own profile (others stay). A display name is
    required (1-64 characters), the avatar must be an https URL, city and bio are limited to 64
    and 500 characters, the locale is ``zh-CN`` or ``en``. Blank avatar, city or bio clear
    them. Any invalid field raises INVALID_INPUT and nothing is written."""
    changes: dict[str, Any] = {}
    if display_name is not KEEP:
        changes["display_name"] = text(
            display_name, name="display_name", max_length=DISPLAY_NAME_MAX, required=True
        )
    if avatar_url is not KEEP:
        changes["avatar_url"] = https_url(avatar_url, name="avatar_url", max_length=AVATAR_URL_MAX)
    if city is not KEEP:
        changes["city"] = text(city, name="city", max_length=CITY_MAX)
    if bio is not KEEP:
        changes["bio"] = text(bio, name="bio", max_length=BIO_MAX) or ""
    if locale is not KEEP:
        if locale not in SUPPORTED_LOCALES:
            raise InvalidInput(field="locale", message_key="locale.invalid")
        changes["locale"] = locale
    return await _apply(actor, changes)


async def update_privacy(
    *,
    actor: Actor,
    visibility: Visibility | None | Keep = KEEP,
    show_garage: bool | None | Keep = KEEP,
    show_badges: bool | None | Keep = KEEP,
) -> Member:
    """Change ``actor``'s own privacy settings (the given ones, others stay). An explicit null
    raises INVALID_INPUT."""
    changes: dict[str, Any] = {}
    if visibility is not KEEP:
        changes["visibility"] = Visibility(_required(visibility, "visibility"))
    if show_garage is not KEEP:
        changes["show_garage"] = bool(_required(show_garage, "show_garage"))
    if show_badges is not KEEP:
        changes["show_badges"] = bool(_required(show_badges, "show_badges"))
    return await _apply(actor, changes)


def _required(value: Any, name: str) -> Any:
    if value is None:
        raise InvalidInput(field=name, message_key="value.required")
    return value


async def _apply(actor: Actor, changes: dict[str, Any]) -> Member:
    if changes:
        updated = await Member.filter(id=actor.id, deleted_at=None).update(**changes)
        if not updated:
            raise NotFound()
    member = await Member.get_or_none(id=actor.id, deleted_at=None)
    if member is None:
        raise NotFound()
    return member
