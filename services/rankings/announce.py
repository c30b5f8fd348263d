"""Telling live subscribers that a board changed (they re-read its top themselves).

Only channels someone listens to are published to, so a rebuild of every board costs one
``PUBSUB CHANNELS`` plus a message per watched board, not one per board."""

from __future__ import annotations

from collections.abc import Iterable

import structlog
from redis.exceptions import RedisError

import runtime
from services import live
from services.rankings.keys import Board

log = structlog.get_logger("convoy.rankings")


def board_topic(board: Board) -> str:
    return live.topic(*board.topic_parts)


async def watched() -> set[str]:
    """Leaderboard channels with at least one subscriber (empty when Redis is unreachable)."""
    pattern = live.topic("leaderboard") + ":*"
    try:
        return {str(channel) for channel in await runtime.redis().pubsub_channels(pattern)}
    except (RedisError, OSError) as exc:
        log.warning("rankings.announce_failed", error=type(exc).__name__)
        return set()


async def announce(boards: Iterable[Board], *, channels: set[str] | None = None) -> int:
    """Publish a change notice for each watched board among ``boards``; returns how many."""
    listening = await watched() if channels is None else channels
    topics = {board_topic(board) for board in boards} & listening
    if topics:
        await live.publish_many((topic, {"type": "leaderboard.changed"}) for topic in topics)
    return len(topics)
