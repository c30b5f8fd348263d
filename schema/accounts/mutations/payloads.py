"""What the account mutations answer: a signed-in session, a sign-out, a member's roles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Self

import strawberry

from models.accounts import Account
from models.members import Member
from schema.accounts.types import AuthTokens, StaffRole
from schema.core.context import Viewer
from schema.core.payload import Payload
from schema.members.types import MemberNode
from services.accounts.pairs import Authenticated

if TYPE_CHECKING:
    from schema.viewer import ViewerType


@strawberry.type(description="Result of signing up, signing in, refreshing or changing password.")
class AuthPayload(Payload):
    tokens: AuthTokens | None = strawberry.field(
        default=None, description="The new token pair, null when the operation failed."
    )
    viewer: Annotated[ViewerType, strawberry.lazy("schema.viewer")] | None = strawberry.field(
        default=None,
        description="The signed-in member's own view, null when the operation failed.",
    )

    @classmethod
    def of(cls, result: Authenticated) -> Self:
        return cls(
            tokens=AuthTokens.from_pair(result.tokens),
            viewer=Viewer(account=result.account, member=result.member),
        )


@strawberry.type(description="Result of signing out.")
class SignOutPayload(Payload):
    revoked_sessions: int = strawberry.field(
        default=0, description="Refresh tokens revoked by this call (0 when already signed out)."
    )


@strawberry.type(description="Result of setting a member's staff roles.")
class SetStaffRolesPayload(Payload):
    member: MemberNode | None = strawberry.field(
        default=None,
        description="The member whose roles were set, null when the operation failed.",
    )
    roles: list[StaffRole] | None = strawberry.field(
        default=None, description="The staff roles the member now holds."
    )

    @classmethod
    def of(cls, result: tuple[Member, Account]) -> Self:
        member, account = result
        return cls(
            member=MemberNode.from_model(member),
            roles=[StaffRole(role) for role in account.roles],
        )
