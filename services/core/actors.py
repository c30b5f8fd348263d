"""Who acts: a member (with the staff roles of their account), or the system (``None``).

The one actor type every service takes as ``actor``; the request's viewer is one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from models.accounts import StaffRole
from services.errors import DomainError, ErrorCode


class Actor(Protocol):
    """Anything with the acting member's id and staff roles (the request's viewer is one)."""

    @property
    def id(self) -> int: ...

    @property
    def roles(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class MemberActor:
    """An actor built outside a request (jobs, the command line, fixtures, benchmarks)."""

    id: int
    roles: tuple[str, ...] = ()


def actor_id(actor: Any) -> int | None:
    """The acting member's id recorded on entries (None for the system)."""
    return None if actor is None else int(actor.id)


def require_role(actor: Any, role: StaffRole) -> None:
    """FORBIDDEN unless ``actor`` holds ``role`` (admins hold every role)."""
    roles = set(getattr(actor, "roles", ()) or ())
    if role.value not in roles and StaffRole.ADMIN.value not in roles:
        raise DomainError(ErrorCode.FORBIDDEN, message_key="staff.only")
