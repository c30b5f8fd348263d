"""Account mutations: each decodes its input, calls one service and maps the outcome."""

from __future__ import annotations

import strawberry
from strawberry.relay import GlobalID

from models.accounts import StaffRole
from schema.accounts.inputs import (
    ChangePasswordInput,
    RefreshTokensInput,
    SetStaffRolesInput,
    SignInInput,
    SignOutInput,
    SignUpInput,
)
from schema.accounts.types import AuthPayload, AuthTokens, SetStaffRolesPayload, SignOutPayload
from schema.core.context import Info, Viewer
from schema.core.errors import user_errors
from schema.members.types import MemberNode
from services.accounts.pairs import Authenticated
from services.accounts.password_change import change_password
from services.accounts.refresh import refresh_tokens, sign_out
from services.accounts.signin import sign_in
from services.accounts.signup import sign_up
from services.accounts.staff import set_staff_roles
from services.errors import DomainError, ErrorCode


def _signed_in(result: Authenticated) -> AuthPayload:
    return AuthPayload(
        tokens=AuthTokens.from_pair(result.tokens),
        viewer=Viewer(account=result.account, member=result.member),
        errors=[],
    )


def _failed(error: DomainError, info: Info) -> AuthPayload:
    return AuthPayload(tokens=None, viewer=None, errors=user_errors(error, info.context.locale))


def _member_id(value: str) -> int:
    try:
        global_id = GlobalID.from_id(value)
        if global_id.type_name != "Member":
            raise ValueError(value)
        return int(global_id.node_id)
    except ValueError as exc:
        raise DomainError(ErrorCode.NOT_FOUND, field=["input", "memberId"]) from exc


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="Create an account and its member profile, and sign in.")
    async def sign_up(self, info: Info, input: SignUpInput) -> AuthPayload:
        try:
            result = await sign_up(
                email=input.email,
                mobile=input.mobile,
                password=input.password,
                handle=input.handle,
                display_name=input.display_name,
                locale=input.locale,
                city=input.city,
            )
        except DomainError as error:
            return _failed(error, info)
        return _signed_in(result)

    @strawberry.mutation(description="Sign in with an email or mobile number and a password.")
    async def sign_in(self, info: Info, input: SignInInput) -> AuthPayload:
        client = info.context.request.client
        try:
            result = await sign_in(
                login=input.login,
                password=input.password,
                client_ip=client.host if client else "unknown",
            )
        except DomainError as error:
            return _failed(error, info)
        return _signed_in(result)

    @strawberry.mutation(
        description="Exchange a refresh token for a new pair. Each refresh token works once: "
        "presenting it again signs out every session of that sign-in."
    )
    async def refresh_tokens(self, info: Info, input: RefreshTokensInput) -> AuthPayload:
        try:
            result = await refresh_tokens(refresh_token=input.refresh_token)
        except DomainError as error:
            return _failed(error, info)
        return _signed_in(result)

    @strawberry.mutation(description="End the session of a refresh token, or every session.")
    async def sign_out(self, info: Info, input: SignOutInput) -> SignOutPayload:
        try:
            revoked = await sign_out(refresh_token=input.refresh_token, everywhere=input.everywhere)
        except DomainError as error:
            return SignOutPayload(
                revoked_sessions=0, errors=user_errors(error, info.context.locale)
            )
        return SignOutPayload(revoked_sessions=revoked, errors=[])

    @strawberry.mutation(
        description="Change the viewer's password. Every other session ends, and a new token "
        "pair is returned."
    )
    async def change_password(self, info: Info, input: ChangePasswordInput) -> AuthPayload:
        viewer = await info.context.require_viewer()
        try:
            result = await change_password(
                actor=viewer.account,
                current_password=input.current_password,
                new_password=input.new_password,
            )
        except DomainError as error:
            return _failed(error, info)
        return _signed_in(result)

    @strawberry.mutation(description="Set the staff roles of a member (admins only, audited).")
    async def set_staff_roles(self, info: Info, input: SetStaffRolesInput) -> SetStaffRolesPayload:
        viewer = await info.context.require_viewer()
        try:
            member, account = await set_staff_roles(
                actor=viewer.account,
                member_id=_member_id(input.member_id),
                roles=[role.value for role in input.roles],
                request_id=info.context.request_id,
            )
        except DomainError as error:
            return SetStaffRolesPayload(
                member=None, roles=None, errors=user_errors(error, info.context.locale)
            )
        return SetStaffRolesPayload(
            member=MemberNode.from_model(member),
            roles=[StaffRole(role) for role in account.roles],
            errors=[],
        )
