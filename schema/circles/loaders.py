"""Circle loaders: one query per batch, per request. Keys with a member id first are the
viewer's own relations (their membership, reactions, votes).

Each ``batch`` method shadows strawberry's ``DataLoader.batch`` attribute, as
``schema.loaders.BatchLoader`` designs it: mypy flags that override (hence the ignores) until
BatchLoader's hook gets a name of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from models.circles import (
    Circle,
    Comment,
    ContentStatus,
    Membership,
    Post,
    ProposalVote,
    Reaction,
    ReactionKind,
    Report,
    RouteProposal,
)
from schema.loaders import BatchLoader, many_per_key, one_per_key

K = TypeVar("K", bound=Hashable)


class CircleByIdLoader(BatchLoader[int, Circle | None]):
    async def load_batch(self, keys: list[int]) -> list[Circle | None]:
        return one_per_key(keys, await Circle.filter(id__in=keys), lambda row: row.id)


class PostByIdLoader(BatchLoader[int, Post | None]):
    async def load_batch(self, keys: list[int]) -> list[Post | None]:
        return one_per_key(keys, await Post.filter(id__in=keys), lambda row: row.id)


class CommentByIdLoader(BatchLoader[int, Comment | None]):
    async def load_batch(self, keys: list[int]) -> list[Comment | None]:
        return one_per_key(keys, await Comment.filter(id__in=keys), lambda row: row.id)


class ReportByIdLoader(BatchLoader[int, Report | None]):
    async def load_batch(self, keys: list[int]) -> list[Report | None]:
        return one_per_key(keys, await Report.filter(id__in=keys), lambda row: row.id)


class ProposalByIdLoader(BatchLoader[int, RouteProposal | None]):
    async def load_batch(self, keys: list[int]) -> list[RouteProposal | None]:
        return one_per_key(keys, await RouteProposal.filter(id__in=keys), lambda row: row.id)


class ProposalByPostLoader(BatchLoader[int, RouteProposal | None]):
    async def load_batch(self, keys: list[int]) -> list[RouteProposal | None]:
        rows = await RouteProposal.filter(post_id__in=keys)
        return one_per_key(keys, rows, lambda row: row.post_id)


class RepliesByCommentLoader(BatchLoader[int, list[Comment]]):
    """Visible replies of top-level comments, oldest first."""

    async def load_batch(self, keys: list[int]) -> list[list[Comment]]:
        rows = await Comment.filter(parent_id__in=keys, status=ContentStatus.VISIBLE).order_by("id")
        parents: list[int | None] = list(keys)
        return many_per_key(parents, rows, lambda row: row.parent_id)


class PinnedPostsByCircleLoader(BatchLoader[int, list[Post]]):
    async def load_batch(self, keys: list[int]) -> list[list[Post]]:
        rows = await Post.filter(
            circle_id__in=keys, pinned=True, status=ContentStatus.VISIBLE
        ).order_by("-id")
        return many_per_key(keys, rows, lambda row: row.circle_id)


async def _per_member(
    keys: Sequence[tuple[int, int]],
    fetch: Callable[[int, list[int]], Any],
    key_of: Callable[[Any], tuple[int, int]],
) -> list[Any]:
    """Rows for (member id, object id) keys, one query per distinct member (one per request
    in practice: the viewer)."""
    by_member: dict[int, list[int]] = defaultdict(list)
    for member_id, object_id in keys:
        by_member[member_id].append(object_id)
    rows: list[Any] = []
    for member_id, object_ids in by_member.items():
        rows.extend(await fetch(member_id, object_ids))
    return many_per_key(list(keys), rows, key_of)


class ViewerMembershipLoader(BatchLoader[tuple[int, int], Membership | None]):
    """A member's membership row in a circle, whatever its status (keys: member, circle)."""

    async def load_batch(self, keys: list[tuple[int, int]]) -> list[Membership | None]:
        grouped = await _per_member(
            keys,
            lambda member_id, ids: Membership.filter(member_id=member_id, circle_id__in=ids),
            lambda row: (row.member_id, row.circle_id),
        )
        return [rows[0] if rows else None for rows in grouped]


class ViewerReactionsLoader(BatchLoader[tuple[int, int], list[ReactionKind]]):
    """The kinds a member reacted with on a post (keys: member, post)."""

    async def load_batch(self, keys: list[tuple[int, int]]) -> list[list[ReactionKind]]:
        grouped = await _per_member(
            keys,
            lambda member_id, ids: Reaction.filter(member_id=member_id, post_id__in=ids),
            lambda row: (row.member_id, row.post_id),
        )
        return [sorted((row.kind for row in rows), key=str) for rows in grouped]


class ViewerVoteLoader(BatchLoader[tuple[int, int], int | None]):
    """A member's vote on a proposal, +1 or -1 (keys: member, proposal)."""

    async def load_batch(self, keys: list[tuple[int, int]]) -> list[int | None]:
        grouped = await _per_member(
            keys,
            lambda member_id, ids: ProposalVote.filter(member_id=member_id, proposal_id__in=ids),
            lambda row: (row.member_id, row.proposal_id),
        )
        return [rows[0].value if rows else None for rows in grouped]
