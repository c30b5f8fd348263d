"""Notification loaders."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from models.notifications import Notification
from schema.loaders import one_per_key


async def _notifications_by_id(keys: list[int]) -> list[Notification | None]:
    rows = await Notification.filter(id__in=keys)
    return one_per_key(keys, rows, lambda row: row.id)


class NotificationByIdLoader(DataLoader[int, Notification | None]):
    # Not a ``BatchLoader``: its ``batch`` method shadows the attribute strawberry's DataLoader
    # keeps its pending batch in, so every ``load`` fails.
    def __init__(self) -> None:
        super().__init__(load_fn=_notifications_by_id)
