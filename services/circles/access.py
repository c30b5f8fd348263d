"""What the acting member may do in a circle (roles, staff, membership checks)."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from models.accounts import StaffRole
from models.circles import Circle, JoinPolicy, Membership, MembershipRole, MembershipStatus
from services.core.actors import Actor
from services.errors import DomainError, ErrorCode, Forbidden, NotFound

STAFF_ROLES = frozenset({StaffRole.ADMIN.value, StaffRole.MODERATOR.value})
MODERATING = (MembershipRole.OWNER, MembershipRole.MODERATOR)
_RANK = {MembershipRole.MEMBER: 0, MembershipRole.MODERATOR: 1, MembershipRole.OWNER: 2}


def is_staff(actor: Actor) -> bool:
    return not STAFF_ROLES.isdisjoint(actor.roles)


def outranks(actor_role: MembershipRole, target_role: MembershipRole) -> bool:
    return _RANK[actor_role] > _RANK[target_role]


async def get_circle(circle_id: int, *, using: BaseDBAsyncClient | None = None) -> Circle:
    circle = await Circle.filter(id=circle_id).using_db(using).first()
    if circle is None:
        raise NotFound(field="circle_id")
    return circle


async def membership_of(
    circle_id: int, member_id: int, *, using: BaseDBAsyncClient | None = None
) -> Membership | None:
    return await Membership.filter(circle_id=circle_id, member_id=member_id).using_db(using).first()


async def require_active(
    circle_id: int, actor: Actor, *, using: BaseDBAsyncClient | None = None
) -> Membership:
    """The actor's ACTIVE membership, or NOT_MEMBER / BANNED."""
    membership = await membership_of(circle_id, actor.id, using=using)
    if membership is not None and membership.status == MembershipStatus.ACTIVE:
        return membership
    if membership is not None and membership.status == MembershipStatus.BANNED:
        raise DomainError(ErrorCode.BANNED)
    raise DomainError(ErrorCode.NOT_MEMBER)


async def acting_role(
    circle_id: int, actor: Actor, *, using: BaseDBAsyncClient | None = None
) -> MembershipRole | None:
    """The actor's role when ACTIVE (staff act as owners everywhere), else None."""
    if is_staff(actor):
        return MembershipRole.OWNER
    membership = await membership_of(circle_id, actor.id, using=using)
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        return None
    return membership.role


async def require_moderator(
    circle_id: int, actor: Actor, *, using: BaseDBAsyncClient | None = None
) -> MembershipRole:
    """The actor's role when they moderate the circle (owner, moderator or staff), else
    FORBIDDEN."""
    role = await acting_role(circle_id, actor, using=using)
    if role is None or role not in MODERATING:
        raise Forbidden(message_key="circle.moderators_only")
    return role


async def require_owner(
    circle_id: int, actor: Actor, *, using: BaseDBAsyncClient | None = None
) -> None:
    if await acting_role(circle_id, actor, using=using) != MembershipRole.OWNER:
        raise Forbidden(message_key="circle.owner_only")


async def can_read(circle: Circle, member_id: int | None) -> bool:
    """Posts of OPEN and APPROVAL circles are public, INVITE circles are read by members."""
    if circle.join_policy != JoinPolicy.INVITE:
        return True
    if member_id is None:
        return False
    return await Membership.filter(
        circle_id=circle.id, member_id=member_id, status=MembershipStatus.ACTIVE
    ).exists()
