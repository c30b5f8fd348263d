"""Notification mutations."""

from __future__ import annotations

from schema.notifications.mutations.mark_read import NotificationMutations

__all__ = ["NotificationMutations"]
