"""Builders of notifications: rows written directly, or sent through the notifying service."""

from __future__ import annotations

from typing import Any

from models.members import Member
from models.notifications import Notification
from services.notifications.sending import notify
from tests.factories.members import SignedIn, member_of


async def make_notification(member: SignedIn | Member, **overrides: Any) -> Notification:
    """An unread NOTICE for ``member``, written directly."""
    values: dict[str, Any] = {"member_id": member_of(member).id, "kind": "NOTICE"}
    values.update(overrides)
    return await Notification.create(**values)


async def send_notifications(member_id: int, count: int, *, kind: str = "NOTICE") -> list[int]:
    """The ids of ``count`` notifications sent to a member, payload ``{"n": n}``; ``kind`` may
    name ``{n}`` (``"K{n}"``) to give each its own kind."""
    ids = []
    for n in range(count):
        row = await notify(member_id, kind.format(n=n), {"n": n})
        assert row is not None
        ids.append(row.id)
    return ids
