"""Account mutations: sessions, the password, staff roles."""

from __future__ import annotations

import strawberry

from schema.accounts.mutations.password import PasswordMutations
from schema.accounts.mutations.sessions import SessionMutations
from schema.accounts.mutations.staff import StaffMutations


@strawberry.type
class AccountMutations(SessionMutations, PasswordMutations, StaffMutations):
    """The account mutations, in the order the schema lists them."""
