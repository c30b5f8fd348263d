"""Circle mutations, one module per area, composed into ``CircleMutations``."""

from __future__ import annotations

import strawberry

from schema.circles.mutations.circles import CircleAdminMutations
from schema.circles.mutations.membership import MembershipMutations
from schema.circles.mutations.moderation import ModerationMutations
from schema.circles.mutations.posts import PostMutations
from schema.circles.mutations.proposals import ProposalMutations


@strawberry.type
class CircleMutations(
    CircleAdminMutations,
    MembershipMutations,
    PostMutations,
    ModerationMutations,
    ProposalMutations,
):
    """All circle mutations."""
