"""Account mutation inputs."""

from __future__ import annotations

import strawberry
from strawberry import relay

from schema.accounts.types import StaffRole


@strawberry.input(description="A new account. Give an email, a mobile number, or both.")
class SignUpInput:
    email: str | None = strawberry.field(default=None, description="Email address to sign in with.")
    mobile: str | None = strawberry.field(
        default=None,
        description="Mobile number, E.164 (+8613800138000) or an 11-digit Chinese number.",
    )
    password: str = strawberry.field(
        description="10-128 characters with letters and digits, not a common password."
    )
    handle: str = strawberry.field(
        description="Unique public handle: 3-32 letters, digits, underscores or hyphens."
    )
    display_name: str = strawberry.field(description="Name shown to others (up to 64).")
    locale: str = strawberry.field(default="zh-CN", description="Preferred language: zh-CN or en.")
    city: str | None = strawberry.field(default=None, description="Home city, optional.")


@strawberry.input(description="Credentials to sign in with.")
class SignInInput:
    login: str = strawberry.field(description="The account's email address or mobile number.")
    password: str = strawberry.field(description="The account's password.")


@strawberry.input(description="A refresh token to exchange for a new token pair.")
class RefreshTokensInput:
    refresh_token: str = strawberry.field(description="The latest refresh token of the session.")


@strawberry.input(description="The session to end.")
class SignOutInput:
    refresh_token: str = strawberry.field(description="A refresh token of the session.")
    everywhere: bool = strawberry.field(
        default=False,
        description="End every session of the account, and invalidate its access tokens.",
    )


@strawberry.input(description="The current and the new password of the signed-in account.")
class ChangePasswordInput:
    current_password: str = strawberry.field(description="The password in use now.")
    new_password: str = strawberry.field(description="The password to use from now on.")


@strawberry.input(description="The complete set of staff roles a member should hold.")
class SetStaffRolesInput:
    # not a GlobalID: strawberry refuses a malformed one before the resolver, and a bad id
    # must read as a missing member (NOT_FOUND in the payload), like every other unknown one
    member_id: relay.GlobalID = strawberry.field(description="Global ID of the member.")
    roles: list[StaffRole] = strawberry.field(
        description="Roles after the change (an empty list removes all)."
    )
