"""Granting and removing staff roles (admins only)."""

from __future__ import annotations

import strawberry

from schema.accounts.inputs import SetStaffRolesInput
from schema.accounts.mutations.payloads import SetStaffRolesPayload
from schema.core.context import Info
from schema.core.ids import Id
from schema.core.runner import run
from schema.members.types import MemberNode
from services.accounts import staff


@strawberry.type
class StaffMutations:
    @strawberry.mutation(description="Set the staff roles of a member (admins only, audited).")
    async def set_staff_roles(self, info: Info, input: SetStaffRolesInput) -> SetStaffRolesPayload:
        return await run(
            info,
            SetStaffRolesPayload,
            staff.set_staff_roles,
            member_id=Id(input.member_id, MemberNode),
            roles=[role.value for role in input.roles],
            request_id=info.context.request_id,
        )
