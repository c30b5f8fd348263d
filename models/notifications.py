"""In-app notifications, one row per recipient."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.members import Member


class Notification(Model):
    """A notice for one member, listed newest first and marked read by them."""

    id = fields.BigIntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="notifications", on_delete=fields.CASCADE
    )
    #: Machine-readable kind (``TIER_CHANGED``, ``WAITLIST_OFFER``, ``DATA_EXPORT_READY``, …).
    kind = fields.CharField(max_length=40)
    #: Kind-specific data the client renders (ids, amounts, names).
    payload: dict[str, Any] = fields.JSONField(default=dict)  # type: ignore[assignment]
    read = fields.BooleanField(default=False)
    #: Producer-chosen key that makes sending the same notice twice a no-op.
    dedupe_key = fields.CharField(max_length=128, null=True, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    if TYPE_CHECKING:
        member_id: int

    class Meta:
        table = "notifications"
        indexes = [("member_id", "id")]


#: The unread badge and the ``unreadOnly`` list read only unread rows, which a partial index
#: keeps small however many read notifications pile up.
POSTGRES_DDL: list[str] = [
    "CREATE INDEX IF NOT EXISTS notifications_unread_idx ON notifications (member_id, id) "
    "WHERE NOT read",
]
