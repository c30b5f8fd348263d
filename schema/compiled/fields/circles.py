"""Compiled fields of the circles domain: ``Viewer.circles`` as plain rows."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from schema.compiled.definitions import column, load, nested, row_type
from schema.compiled.fields.common import global_id, page_args
from services.circles import roster


@load("Viewer", "circles")
async def viewer_circles(run: Any, viewers: Sequence[Any], args: dict[str, Any]) -> list[Any]:
    page = page_args(args)
    return list(
        await asyncio.gather(
            *(roster.member_circle_rows(member_id=viewer.id, args=page) for viewer in viewers)
        )
    )


row_type(
    "CircleMembership",
    id=global_id("CircleMembership"),
    role=column("role"),
    status=column("status"),
    joinedAt=column("joined_at"),
    requestedAt=column("created_at"),
    circle=nested("circle"),
)
row_type(
    "Circle",
    id=global_id("Circle"),
    slug=column("slug"),
    name=column("name"),
    kind=column("kind"),
    city=column("city"),
    description=column("description"),
    coverUrl=column("cover_url"),
    joinPolicy=column("join_policy"),
    certified=column("certified"),
    certification=column("certification"),
    certificationNote=column("certification_note"),
    memberCount=column("member_count"),
    postCount=column("post_count"),
    lastActivityAt=column("last_activity_at"),
    createdAt=column("created_at"),
)
