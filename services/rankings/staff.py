"""Staff operations on the boards."""

from __future__ import annotations

from typing import Any

from models.accounts import StaffRole
from models.rankings import Metric
from services.core.actors import Actor, require_role
from services.rankings.rebuild import rebuild_all


async def rebuild_now(*, actor: Actor, metrics: list[Metric] | None = None) -> dict[str, Any]:
    """Rebuild the boards (of ``metrics``, all when none are given) now, admins only (FORBIDDEN
    otherwise). Runs in the caller's process and returns the summary; a rebuild already running
    makes this one a no-op (``skipped``)."""
    require_role(actor, StaffRole.ADMIN)
    return await rebuild_all(only=metrics or None)
