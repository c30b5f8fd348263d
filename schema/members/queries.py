"""Member queries: ``viewer`` and ``member(handle:)``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from api.context import Info
from models.members import Member
from schema.members.types import MemberNode

if TYPE_CHECKING:
    from schema.viewer import ViewerType


@strawberry.type
class MemberQueries:
    @strawberry.field(description="The signed-in member's own view, or null when anonymous.")
    async def viewer(
        self, info: Info
    ) -> Annotated[ViewerType, strawberry.lazy("schema.viewer")] | None:  # type: ignore[valid-type]
        return await info.context.viewer()

    @strawberry.field(description="A member by handle (case-insensitive).")
    async def member(self, info: Info, handle: str) -> MemberNode | None:
        member = await Member.filter(handle_key=handle.lower(), deleted_at=None).first()
        return MemberNode.from_model(member) if member else None
