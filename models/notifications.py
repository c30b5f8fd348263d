"""In-app notifications, one row per recipient."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.members import Member


class Notification(Model):
    id = fields.BigIntField(primary_key=True)
    member: fields.ForeignKeyRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="notifications", on_delete=fields.CASCADE
    )
    #: Machine-readable kind (``TIER_CHANGED``, ``WAITLIST_OFFER``, ``DATA_EXPORT_READY``, …).
    kind = fields.CharField(max_length=40)
    #: Kind-specific data the client renders (ids, amounts, names).
    payload = fields.JSONField(default=dict)
    read = fields.BooleanField(default=False)
    #: Producer-chosen key that makes sending the same notice twice a no-op.
    dedupe_key = fields.CharField(max_length=128, null=True, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "notifications"
        indexes = [("member_id", "id")]
