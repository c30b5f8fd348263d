"""Payloads of the staff badge mutations: what each one changed (``errors`` come from the base)."""

from __future__ import annotations

from typing import Self

import strawberry

from schema.badges.types import BadgeNode
from schema.core.payload import Payload
from services.badges.catalog import Preview


@strawberry.type(description="Result of a badge edit.")
class BadgePayload(Payload):
    badge: BadgeNode | None = strawberry.field(default=None, description="The badge as saved.")


@strawberry.type(description="Who a criterion would award now.")
class PreviewBadgePayload(Payload):
    count: int = strawberry.field(default=0, description="Members who meet it now.")
    sample: list[str] = strawberry.field(
        default_factory=list, description="Handles of up to 10 of them."
    )

    @classmethod
    def of(cls, result: Preview) -> Self:
        return cls(count=result.count, sample=result.sample)


@strawberry.type(description="Result of queueing a sweep.")
class RunBadgeSweepPayload(Payload):
    queued: bool = strawberry.field(default=False, description="A worker will run the sweep.")

    @classmethod
    def of(cls, result: int) -> Self:
        """``result`` is the id of the recorded sweep request: a worker will run it."""
        return cls(queued=True)
