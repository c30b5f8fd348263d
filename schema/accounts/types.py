"""Account payloads: the token pair, auth results and staff roles."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from models.accounts import StaffRole as DomainStaffRole
from schema.core.errors import UserError
from schema.members.types import MemberNode
from services.accounts.pairs import TokenPair

if TYPE_CHECKING:
    from schema.viewer import ViewerType

StaffRole = strawberry.enum(
    DomainStaffRole,
    name="StaffRole",
    description="Platform staff roles. Admins hold every permission of the others.",
)


@strawberry.type(description="An access token with the refresh token that renews it.")
class AuthTokens:
    access_token: str = strawberry.field(
        description="Short-lived bearer token for the Authorization header."
    )
    access_token_expires_at: datetime = strawberry.field(
        description="When the access token stops being accepted."
    )
    refresh_token: str = strawberry.field(
        description="Single-use token that refreshTokens exchanges for a new pair. Keep secret."
    )
    refresh_token_expires_at: datetime = strawberry.field(
        description="When the refresh token expires if it is not used before."
    )

    @classmethod
    def from_pair(cls, pair: TokenPair) -> AuthTokens:
        return cls(
            access_token=pair.access_token,
            access_token_expires_at=pair.access_token_expires_at,
            refresh_token=pair.refresh_token,
            refresh_token_expires_at=pair.refresh_token_expires_at,
        )


@strawberry.type(description="Result of signing up, signing in, refreshing or changing password.")
class AuthPayload:
    tokens: AuthTokens | None = strawberry.field(
        description="The new token pair, null when the operation failed."
    )
    viewer: Annotated[ViewerType, strawberry.lazy("schema.viewer")] | None = strawberry.field(  # type: ignore[valid-type]
        description="The signed-in member's own view, null when the operation failed."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing was changed, if so.")


@strawberry.type(description="Result of signing out.")
class SignOutPayload:
    revoked_sessions: int = strawberry.field(
        description="Refresh tokens revoked by this call (0 when already signed out)."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing was changed, if so.")


@strawberry.type(description="Result of setting a member's staff roles.")
class SetStaffRolesPayload:
    member: MemberNode | None = strawberry.field(
        description="The member whose roles were set, null when the operation failed."
    )
    roles: list[StaffRole] | None = strawberry.field(  # type: ignore[valid-type]
        description="The staff roles the member now holds."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing was changed, if so.")
