"""The daily check-in: once per local day in the platform zone."""

from __future__ import annotations

from datetime import datetime

from services.core import clock
from services.core.actors import Actor
from services.errors import DomainError, ErrorCode
from services.loyalty.ledger import earn
from services.loyalty.results import Posted

REASON = "DAILY_CHECKIN"


async def daily_check_in(*, actor: Actor, now: datetime | None = None) -> Posted:
    """Earn the DAILY_CHECKIN points for ``actor``. The key ``checkin:<member>:<local date>``
    makes a second check-in the same day (concurrent or not) ALREADY_DONE, moving nothing; the
    rule's cap says the same if the rule allows fewer."""
    now = now or clock.now()
    day = clock.local_date(now).isoformat()
    try:
        posted = await earn(
            int(actor.id), REASON, idempotency_key=f"checkin:{actor.id}:{day}",
            source_ref=f"checkin:{day}", actor=actor, now=now,
        )  # fmt: skip
    except DomainError as error:
        if error.code == ErrorCode.LIMIT_REACHED:
            raise DomainError(ErrorCode.ALREADY_DONE) from error
        raise
    if posted.replayed:
        raise DomainError(ErrorCode.ALREADY_DONE)
    return posted
