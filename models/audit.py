"""Audit log of staff access to members' private data and of staff actions."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class AuditLog(Model):
    id = fields.BigIntField(primary_key=True)
    #: The staff member's id (NULL for ``system``).
    actor_id = fields.BigIntField(null=True, db_index=True)
    action = fields.CharField(max_length=64)
    #: The member whose data was read or changed.
    subject_member_id = fields.BigIntField(null=True, db_index=True)
    detail = fields.JSONField(default=dict)
    request_id = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "audit_log"
