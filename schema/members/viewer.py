"""Viewer fields owned by the members domain."""

from __future__ import annotations

import strawberry

from schema.members.types import MemberNode


@strawberry.type
class MemberViewerFields:
    @strawberry.field(description="The viewer's own member profile.")
    def member(self) -> MemberNode:
        return MemberNode.from_model(self.member)  # type: ignore[attr-defined]

    @strawberry.field(description="Staff roles held (admin, moderator, dealer, issuer).")
    def roles(self) -> list[str]:
        return list(self.account.roles)  # type: ignore[attr-defined]
