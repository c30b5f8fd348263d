"""Compiled fields of the badges domain: ``Viewer.badges`` as plain rows."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from schema.compiled.definitions import column, load, nested, row_type
from schema.compiled.fields.common import global_id, json_column, page_args
from services.badges import holders


@load("Viewer", "badges")
async def viewer_badges(run: Any, viewers: Sequence[Any], args: dict[str, Any]) -> list[Any]:
    page = page_args(args)
    return list(
        await asyncio.gather(*(holders.member_badge_rows(viewer.id, page) for viewer in viewers))
    )


row_type(
    "BadgeAward",
    badge=nested("badge"),
    occurrence=column("occurrence"),
    awardedAt=column("awarded_at"),
)
row_type(
    "Badge",
    id=global_id("Badge"),
    key=column("key"),
    nameZh=column("name_zh"),
    nameEn=column("name_en"),
    descriptionZh=column("description_zh"),
    descriptionEn=column("description_en"),
    iconUrl=column("icon_url"),
    tier=column("tier"),
    group=column("group"),
    repeatable=column("repeatable"),
    enabled=column("enabled"),
    criterion=json_column("criterion"),
    version=column("version"),
    holderCount=column("holder_count"),
    rarity=lambda row: round(row["holder_pct"], 4),
    createdAt=column("created_at"),
)
