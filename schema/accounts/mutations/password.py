"""Changing the signed-in account's password."""

from __future__ import annotations

import strawberry

from schema.accounts.inputs import ChangePasswordInput
from schema.accounts.mutations.payloads import AuthPayload
from schema.core.context import Info
from schema.core.runner import run
from services.accounts import password_change


@strawberry.type
class PasswordMutations:
    @strawberry.mutation(
        description="Change the viewer's password. Every other session ends, and a new token "
        "pair is returned."
    )
    async def change_password(self, info: Info, input: ChangePasswordInput) -> AuthPayload:
        return await run(
            info,
            AuthPayload,
            password_change.change_password,
            current_password=input.current_password,
            new_password=input.new_password,
        )
