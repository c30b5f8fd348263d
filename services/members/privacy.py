"""Who may see what of a member's profile: the one privacy rule every read path applies.

A profile has three guarded sections: ``profile`` (city, bio, member since), ``garage`` (the
vehicles, never plates or VINs) and ``badges``. Handle, display name and avatar are always shown,
so a hidden member can still be rendered by name.

* The member themself sees everything (and only they see plates).
* ``PUBLIC`` profiles are seen by everyone, anonymous readers included.
* ``MEMBERS`` profiles are seen by every signed-in member.
* ``CIRCLES`` profiles are seen by members who share an ACTIVE circle membership with the
  member. The circles domain answers that question by registering a checker with
  ``register_co_member_checker``, until it does nobody shares a circle, so ``CIRCLES`` means
  the member themself and staff.
* ``show_garage`` / ``show_badges`` further hide those sections from whoever sees the profile.
* Staff (admin, moderator) see every section, but a section they see only because they are
  staff is *audited*: reading it writes an ``AuditLog`` row (``member.private_read``).
* A deleted member shows only the pseudonym, to everyone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from models.accounts import StaffRole
from models.members import Member, Visibility

PROFILE = "profile"
GARAGE = "garage"
BADGES = "badges"
ALL_SECTIONS = frozenset({PROFILE, GARAGE, BADGES})

#: ``checker(reader_member_id, member_ids)`` -> the ids among ``member_ids`` that share an
#: ACTIVE circle membership with the reader. Must run a constant number of queries.
CoMemberChecker = Callable[[int, Sequence[int]], Awaitable[set[int]]]

_STAFF_ROLES = frozenset({StaffRole.ADMIN.value, StaffRole.MODERATOR.value})


async def _nobody_shares_a_circle(reader_id: int, member_ids: Sequence[int]) -> set[int]:
    return set()


#: Replaced by the circles domain through ``register_co_member_checker``.
co_member_checker: CoMemberChecker = _nobody_shares_a_circle


def register_co_member_checker(checker: CoMemberChecker) -> None:
    """Install the circles domain's co-membership query (called once at import time)."""
    global co_member_checker
    co_member_checker = checker


@dataclass(frozen=True, slots=True)
class Reader:
    """Whoever reads a profile: a signed-in member (with staff roles) or an anonymous client."""

    member_id: int | None = None
    roles: tuple[str, ...] = ()
    #: Written to audit rows so a staff read can be traced to its request.
    request_id: str | None = None

    @property
    def signed_in(self) -> bool:
        return self.member_id is not None

    @property
    def is_staff(self) -> bool:
        return not _STAFF_ROLES.isdisjoint(self.roles)


ANONYMOUS = Reader()


@dataclass(frozen=True, slots=True)
class ProfileAccess:
    """What one reader may see of one member."""

    #: Sections the reader may see.
    sections: frozenset[str]
    #: Sections the reader sees only because they are staff: reading them is audited.
    audited: frozenset[str] = frozenset()
    #: The reader is the member themself (plates, VIN status, private settings).
    owner: bool = False

    def sees(self, section: str) -> bool:
        return section in self.sections


OWNER_ACCESS = ProfileAccess(sections=ALL_SECTIONS, owner=True)
NO_ACCESS = ProfileAccess(sections=frozenset())


def needs_co_member_check(reader: Reader, member: Member) -> bool:
    """Whether ``decide`` for this pair depends on circle co-membership."""
    return (
        reader.member_id is not None
        and reader.member_id != member.id
        and member.deleted_at is None
        and member.visibility == Visibility.CIRCLES
    )


async def shared_circle_members(reader: Reader, member_ids: Sequence[int]) -> set[int]:
    """The ids among ``member_ids`` sharing an ACTIVE circle with ``reader`` (one query)."""
    if reader.member_id is None or not member_ids:
        return set()
    return await co_member_checker(reader.member_id, member_ids)


def decide(reader: Reader, member: Member, *, co_member: bool = False) -> ProfileAccess:
    """What ``reader`` may see of ``member``. Pure: ``co_member`` comes from
    ``shared_circle_members`` for the members where ``needs_co_member_check`` holds."""
    if member.deleted_at is not None:
        return NO_ACCESS
    if reader.member_id == member.id:
        return OWNER_ACCESS
    visibility = member.visibility
    profile = (
        visibility == Visibility.PUBLIC
        or (visibility == Visibility.MEMBERS and reader.signed_in)
        or (visibility == Visibility.CIRCLES and co_member)
    )
    visible = set()
    if profile:
        visible.add(PROFILE)
        if member.show_garage:
            visible.add(GARAGE)
        if member.show_badges:
            visible.add(BADGES)
    if reader.is_staff:
        return ProfileAccess(sections=ALL_SECTIONS, audited=ALL_SECTIONS - visible)
    return ProfileAccess(sections=frozenset(visible))
