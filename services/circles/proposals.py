"""Route co-creation: members propose routes in a circle, vote on them, and a moderator's
acceptance turns a proposal into an official route and credits its author, exactly once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models.circles import Post, PostKind, ProposalStatus, ProposalVote, RouteProposal
from models.members import Drivetrain
from models.routes import Route, Terrain
from services import outbox
from services.circles import markdown
from services.circles.access import get_circle, require_active, require_moderator
from services.circles.posts import BODY_MAX, clean_images, insert_post
from services.circles.sql import insert_ignore
from services.core import clock
from services.core.actors import Actor
from services.errors import DomainError, ErrorCode, InvalidInput, NotFound
from services.loyalty.contribution import add_contribution
from services.members.validation import text
from services.notifications import notify, publish_notifications
from services.routes import check_spec, insert_route

#: Contribution an author earns for a route that becomes official.
ROUTE_CONTRIBUTION = 50
REASON_MAX = 500


async def propose_route(
    *,
    actor: Actor,
    circle_id: int,
    name: str,
    region: str,
    terrain: Terrain,
    difficulty: int,
    distance_km: float,
    required_drivetrain: Drivetrain | None = None,
    description: str,
    images: Sequence[str] = (),
) -> RouteProposal:
    """An ACTIVE member proposes a route: a ROUTE_PROPOSAL post (title = route name, body =
    the markdown description) and the proposal members vote on. Raises NOT_MEMBER, BANNED,
    INVALID_INPUT (difficulty 1-5, distance up to 5000 km, body rules of posts)."""
    circle = await get_circle(circle_id)
    await require_active(circle_id, actor)
    spec = check_spec(
        name=name,
        region=region,
        terrain=terrain,
        difficulty=difficulty,
        distance_km=distance_km,
        required_drivetrain=required_drivetrain,
    )
    body = markdown.clean(description, field="description", max_length=BODY_MAX)
    clean = clean_images(images)
    async with in_transaction() as conn:
        post = await insert_post(
            conn,
            circle=circle,
            author_id=actor.id,
            kind=PostKind.ROUTE_PROPOSAL,
            title=spec.name,
            body=body,
            images=clean,
        )
        return await RouteProposal.create(
            post_id=post.id,
            circle_id=circle.id,
            author_id=actor.id,
            name=spec.name,
            region=spec.region,
            terrain=spec.terrain,
            difficulty=spec.difficulty,
            distance_km=spec.distance_km,
            required_drivetrain=spec.required_drivetrain,
            using_db=conn,
        )


async def get_proposal(
    proposal_id: int, *, using: BaseDBAsyncClient | None = None
) -> RouteProposal:
    proposal = await RouteProposal.filter(id=proposal_id).using_db(using).first()
    if proposal is None:
        raise NotFound(field="proposal_id")
    return proposal


async def vote(*, actor: Actor, proposal_id: int, vote: int) -> RouteProposal:
    """An ACTIVE circle member votes ``vote``, +1 or -1: one vote per member, changeable until
    the proposal is decided. The tallies move in the same transaction as the vote, guarded by the
    proposal still being OPEN. Raises ALREADY_VOTED (same vote again), PROPOSAL_CLOSED,
    NOT_MEMBER, BANNED."""
    if vote not in (1, -1):
        raise InvalidInput(field="vote")
    proposal = await get_proposal(proposal_id)
    await require_active(proposal.circle_id, actor)
    if proposal.status != ProposalStatus.OPEN:
        raise DomainError(ErrorCode.PROPOSAL_CLOSED)
    async with in_transaction() as conn:
        created = await insert_ignore(
            conn,
            ProposalVote,
            ("proposal_id", "member_id"),
            proposal_id=proposal_id,
            member_id=actor.id,
            value=vote,
        )
        if created is not None:
            up, down = (1, 0) if vote == 1 else (0, 1)
        else:
            changed = (
                await ProposalVote.filter(proposal_id=proposal_id, member_id=actor.id, value=-vote)
                .using_db(conn)
                .update(value=vote, updated_at=clock.now())
            )
            if not changed:
                raise DomainError(ErrorCode.ALREADY_VOTED)
            up, down = (1, -1) if vote == 1 else (-1, 1)
        moved = (
            await RouteProposal.filter(id=proposal_id, status=ProposalStatus.OPEN)
            .using_db(conn)
            .update(**_tally(up, down))
        )
        if not moved:
            raise DomainError(ErrorCode.PROPOSAL_CLOSED)
        return await get_proposal(proposal_id, using=conn)


def _tally(up: int, down: int) -> dict[str, Any]:
    return {"up_votes": F("up_votes") + up, "down_votes": F("down_votes") + down}


async def decide(
    *, actor: Actor, proposal_id: int, accept: bool, reason: str | None = None
) -> tuple[RouteProposal, Route | None]:
    """A circle moderator accepts or rejects an OPEN proposal, once whatever the concurrency.
    Accepting creates the official route (unique per proposal), credits the author
    ``ROUTE_CONTRIBUTION`` with the idempotency key ``route-proposal:<id>`` and records
    ``circle.route_accepted``, all in one transaction. The author is notified either way.
    Raises FORBIDDEN without moderator rights, PROPOSAL_CLOSED when already decided."""
    proposal = await get_proposal(proposal_id)
    await require_moderator(proposal.circle_id, actor)
    clean_reason = text(reason, name="reason", max_length=REASON_MAX) or ""
    circle = await get_circle(proposal.circle_id)
    status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
    route: Route | None = None
    async with in_transaction() as conn:
        decided = (
            await RouteProposal.filter(id=proposal_id, status=ProposalStatus.OPEN)
            .using_db(conn)
            .update(
                status=status,
                decided_by_id=actor.id,
                decided_at=clock.now(),
                decision_reason=clean_reason,
            )
        )
        if not decided:
            raise DomainError(ErrorCode.PROPOSAL_CLOSED)
        if accept:
            route = await _make_route(conn, proposal, actor, circle.city)
        row = await notify(
            proposal.author_id,
            "PROPOSAL_DECIDED",
            {
                "proposalId": proposal.id,
                "circleId": circle.id,
                "name": proposal.name,
                "accepted": accept,
                "reason": clean_reason,
                "routeId": route.id if route else None,
            },
            dedupe_key=f"proposal-decided:{proposal.id}",
            using=conn,
        )
        refreshed = await get_proposal(proposal_id, using=conn)
    await publish_notifications([row])
    return refreshed, route


async def _make_route(
    conn: BaseDBAsyncClient, proposal: RouteProposal, actor: Actor, city: str | None
) -> Route:
    post = await Post.filter(id=proposal.post_id).using_db(conn).get()
    spec = check_spec(
        name=proposal.name,
        region=proposal.region,
        terrain=proposal.terrain,
        difficulty=proposal.difficulty,
        distance_km=proposal.distance_km,
        required_drivetrain=proposal.required_drivetrain,
    )
    route = await insert_route(
        spec,
        description=post.body,
        created_by_id=proposal.author_id,
        source_proposal_id=proposal.id,
        using=conn,
    )
    await add_contribution(
        proposal.author_id,
        ROUTE_CONTRIBUTION,
        reason="ROUTE_ACCEPTED",
        idempotency_key=f"route-proposal:{proposal.id}",
        source_ref=f"route:{route.id}",
        actor=actor,
    )
    await outbox.record(
        "circle.route_accepted",
        {
            "proposal_id": proposal.id,
            "route_id": route.id,
            "author_id": proposal.author_id,
            "circle_id": proposal.circle_id,
            "city": city,
            "difficulty": proposal.difficulty,
        },
        using=conn,
    )
    return route
