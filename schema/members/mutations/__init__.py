"""Member mutations: profile and privacy, garage, data export, account deletion."""

from __future__ import annotations

import strawberry

from schema.members.mutations.deletion import DeletionMutations
from schema.members.mutations.export import ExportMutations
from schema.members.mutations.garage import GarageMutations
from schema.members.mutations.profile import ProfileMutations


@strawberry.type
class MemberMutations(ProfileMutations, GarageMutations, ExportMutations, DeletionMutations):
    """The member mutations, in the order the schema lists them."""
