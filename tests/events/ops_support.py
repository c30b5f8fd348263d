"""An actor for the tests of event operations (check-in, completion, feedback, crew support)
that call services directly."""

from __future__ import annotations

from dataclasses import dataclass, field

from models.members import Member
from tests.factories import SignedIn


@dataclass(frozen=True)
class Acting:
    """A member acting outside a request (``schema.core.context.Viewer`` look-alike)."""

    id: int
    roles: list[str] = field(default_factory=list)


def acting(member: SignedIn | Member, *roles: str) -> Acting:
    target = member.member if isinstance(member, SignedIn) else member
    return Acting(target.id, list(roles))
