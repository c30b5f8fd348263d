"""Closing the viewer's account."""

from __future__ import annotations

import strawberry

from schema.core.context import Info
from schema.core.runner import run
from schema.members.inputs import DeleteAccountInput
from schema.members.mutations.payloads import DeleteAccountPayload
from services.members import deletion


@strawberry.type
class DeletionMutations:
    @strawberry.mutation(
        description="Delete the viewer's account: signs out everywhere at once; personal data "
        "is then erased or pseudonymised, shared history stays under a pseudonym."
    )
    async def delete_account(self, info: Info, input: DeleteAccountInput) -> DeleteAccountPayload:
        return await run(
            info, DeleteAccountPayload, deletion.delete_account, password=input.password
        )
