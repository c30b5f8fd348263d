"""A member's own notifications: listing, counting unread, marking read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from models.notifications import Notification
from services.core.actors import Actor
from services.errors import InvalidInput, NotFound
from services.pagination import Page, PageArgs, keyset_page

#: Notifications one ``mark_read`` call may name.
MAX_IDS = 100


@dataclass(frozen=True)
class MarkReadResult:
    #: Notifications that went from unread to read in this call.
    updated_count: int
    #: The actor's unread notifications afterwards.
    unread_count: int


async def list_notifications(
    *, actor: Actor, args: PageArgs, unread_only: bool = False, with_total: bool = False
) -> tuple[Page[Notification], int | None]:
    """One page of the actor's notifications, newest first (keyset on id, so cursors stay
    valid while new notifications arrive), and the size of the whole list when asked for.
    Raises ``InvalidInput`` for page sizes over 100 and bad cursors."""
    rows = Notification.filter(member_id=actor.id)
    if unread_only:
        rows = rows.filter(read=False)
    page = await keyset_page(rows, order=["-id"], args=args)
    total = await rows.count() if with_total else None
    return page, total


async def unread_count(*, actor: Actor) -> int:
    return await Notification.filter(member_id=actor.id, read=False).count()


async def mark_read(
    *, actor: Actor, ids: Sequence[int] | None = None, all: bool = False
) -> MarkReadResult:
    """Mark the actor's notifications ``ids`` read, or with ``all`` every unread one (give
    exactly one of the two). Marking a read notification again is a no-op, so retries are safe.

    Only the actor's own notifications are touched: when any of ``ids`` is not one of them
    (someone else's, or gone) the call raises ``NotFound`` and changes nothing."""
    mine = Notification.filter(member_id=actor.id)
    if all:
        if ids is not None:
            raise InvalidInput(field="ids", message_key="notifications.ids_or_all")
        updated = await mine.filter(read=False).update(read=True)
        return MarkReadResult(updated_count=updated, unread_count=await unread_count(actor=actor))
    if not ids:
        raise InvalidInput(field="ids", message_key="notifications.ids_or_all")
    wanted = set(ids)
    if len(wanted) > MAX_IDS:
        raise InvalidInput(field="ids", message_key="notifications.too_many", max=MAX_IDS)
    # Ownership never changes, so checking it before the update cannot race.
    if await mine.filter(id__in=wanted).count() != len(wanted):
        raise NotFound(field="ids")
    updated = await mine.filter(id__in=wanted, read=False).update(read=True)
    return MarkReadResult(updated_count=updated, unread_count=await unread_count(actor=actor))
