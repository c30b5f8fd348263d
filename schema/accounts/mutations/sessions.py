"""Starting and ending sessions: sign-up, sign-in, token refresh, sign-out (no sign-in needed)."""

from __future__ import annotations

import strawberry

from schema.accounts.inputs import RefreshTokensInput, SignInInput, SignOutInput, SignUpInput
from schema.accounts.mutations.payloads import AuthPayload, SignOutPayload
from schema.core.context import Info
from schema.core.runner import run_anonymous
from services.accounts import refresh, signin, signup


@strawberry.type
class SessionMutations:
    @strawberry.mutation(description="Create an account and its member profile, and sign in.")
    async def sign_up(self, info: Info, input: SignUpInput) -> AuthPayload:
        return await run_anonymous(
            info,
            AuthPayload,
            signup.sign_up,
            email=input.email,
            mobile=input.mobile,
            password=input.password,
            handle=input.handle,
            display_name=input.display_name,
            locale=input.locale,
            city=input.city,
        )

    @strawberry.mutation(description="Sign in with an email or mobile number and a password.")
    async def sign_in(self, info: Info, input: SignInInput) -> AuthPayload:
        client = info.context.request.client
        return await run_anonymous(
            info,
            AuthPayload,
            signin.sign_in,
            login=input.login,
            password=input.password,
            client_ip=client.host if client else "unknown",
        )

    @strawberry.mutation(
        description="Exchange a refresh token for a new pair. Each refresh token works once: "
        "presenting it again signs out every session of that sign-in."
    )
    async def refresh_tokens(self, info: Info, input: RefreshTokensInput) -> AuthPayload:
        return await run_anonymous(
            info, AuthPayload, refresh.refresh_tokens, refresh_token=input.refresh_token
        )

    @strawberry.mutation(description="End the session of a refresh token, or every session.")
    async def sign_out(self, info: Info, input: SignOutInput) -> SignOutPayload:
        return await run_anonymous(
            info,
            SignOutPayload,
            refresh.sign_out,
            refresh_token=input.refresh_token,
            everywhere=input.everywhere,
        )
