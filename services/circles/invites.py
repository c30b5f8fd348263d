"""Invite codes: created by moderators, each usable a limited number of times until it
expires. Using one joins the circle whatever its join policy."""

from __future__ import annotations

import secrets
from datetime import timedelta

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models.circles import CircleInvite, Membership, MembershipStatus
from models.members import Member
from services.circles.access import get_circle, require_moderator
from services.circles.membership import REJOINABLE, enter
from services.core import clock
from services.core.actors import Actor
from services.errors import DomainError, ErrorCode, InvalidInput, NotFound
from services.notifications import notify, publish_notifications

MAX_USES = 100
#: The longest code the table can hold: anything longer is no code of ours.
CODE_MAX_LENGTH = CircleInvite._meta.fields_map["code"].max_length
MAX_HOURS = 24 * 30
#: Unambiguous characters (no 0/O, 1/I/L).
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(10))


async def create_invite(
    *,
    actor: Actor,
    circle_id: int,
    max_uses: int = 1,
    valid_hours: int = 168,
    invitee_id: int | None = None,
) -> CircleInvite:
    """A new code for ``circle_id`` (moderators), usable ``max_uses`` times (1-100) for
    ``valid_hours`` (1-720). With ``invitee_id`` only that member can use it, and they are
    notified."""
    circle = await get_circle(circle_id)
    await require_moderator(circle_id, actor)
    if not 1 <= max_uses <= MAX_USES or not 1 <= valid_hours <= MAX_HOURS:
        raise InvalidInput(field="max_uses", message_key="invite.range")
    if invitee_id is not None and not await Member.filter(id=invitee_id, deleted_at=None).exists():
        raise NotFound(field="invitee_id")
    async with in_transaction() as conn:
        invite = await CircleInvite.create(
            circle_id=circle_id,
            code=_code(),
            created_by_id=actor.id,
            invitee_id=invitee_id,
            max_uses=max_uses,
            expires_at=clock.now() + timedelta(hours=valid_hours),
            using_db=conn,
        )
        row = None
        if invitee_id is not None:
            row = await notify(
                invitee_id,
                "CIRCLE_INVITE",
                {
                    "circleId": circle.id,
                    "circleName": circle.name,
                    "code": invite.code,
                    "invitedBy": actor.id,
                },
                dedupe_key=f"circle-invite:{invite.id}",
                using=conn,
            )
    await publish_notifications([row])
    return invite


async def join_with_invite(*, actor: Actor, code: str) -> Membership:
    """Join the code's circle as an ACTIVE member and use up one use of the code, both or
    neither. Raises INVITE_INVALID (unknown code or meant for someone else), EXPIRED,
    LIMIT_REACHED (used up), ALREADY_MEMBER, BANNED."""
    normalized = (code or "").strip().upper()
    known = 0 < len(normalized) <= CODE_MAX_LENGTH
    invite = await CircleInvite.filter(code=normalized).first() if known else None
    if invite is None or invite.invitee_id not in (None, actor.id):
        raise DomainError(ErrorCode.INVITE_INVALID, field="code")
    circle = await get_circle(invite.circle_id)
    now = clock.now()
    async with in_transaction() as conn:
        used = (
            await CircleInvite.filter(id=invite.id, uses__lt=F("max_uses"), expires_at__gt=now)
            .using_db(conn)
            .update(uses=F("uses") + 1)
        )
        if not used:
            if invite.expires_at <= now:
                raise DomainError(ErrorCode.EXPIRED, field="code", message_key="invite.expired")
            raise DomainError(ErrorCode.LIMIT_REACHED, field="code", message_key="invite.used_up")
        return await enter(
            conn,
            circle=circle,
            member_id=actor.id,
            status=MembershipStatus.ACTIVE,
            from_statuses=(*REJOINABLE, MembershipStatus.PENDING),
        )
