"""Job worker and scheduler running inside the API process (embedded mode)."""

from __future__ import annotations

import asyncio


async def start_embedded_workers() -> list[asyncio.Task[None]]:
    return []
