"""Member profile types."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import relay

from models.members import Member
from schema.members.loaders import MemberByIdLoader


@strawberry.type(name="Member", description="A member of the community (会员).")
class MemberNode(relay.Node):
    member_id: relay.NodeID[int]
    handle: str = strawberry.field(description="Unique handle, shown as @handle.")
    display_name: str = strawberry.field(description="Name shown to others.")

    @classmethod
    def from_model(cls, member: Member) -> MemberNode:
        return cls(member_id=member.id, handle=member.handle, display_name=member.display_name)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Any, node_ids: Iterable[str], required: bool = False
    ) -> list[MemberNode | None]:
        keys = [int(node_id) for node_id in node_ids]
        members = await info.context.loaders.get(MemberByIdLoader).load_many(keys)
        return [cls.from_model(m) if m is not None else None for m in members]
