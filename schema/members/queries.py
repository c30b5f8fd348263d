"""Member queries: ``viewer`` and ``member(handle:)``."""

from __future__ import annotations

import strawberry

from api.context import Info
from models.members import Member
from schema.members.types import MemberNode


@strawberry.type
class MemberQueries:
    @strawberry.field(description="The signed-in member, or null when anonymous.")
    async def viewer(self, info: Info) -> MemberNode | None:
        viewer = await info.context.viewer()
        return MemberNode.from_model(viewer.member) if viewer else None

    @strawberry.field(description="A member by handle (case-insensitive).")
    async def member(self, info: Info, handle: str) -> MemberNode | None:
        member = await Member.filter(handle_key=handle.lower(), deleted_at=None).first()
        return MemberNode.from_model(member) if member else None
