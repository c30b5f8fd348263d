"""Reading a board: a page of the top, or one member's standing, with dense ranks and movement.

Served from Redis. When Redis is unreachable or the board has not been built yet, the same
page is computed from the database (``DENSE_RANK()`` over the board's scores, same order), so a
reader gets an answer either way. Cursors are keysets on (score descending, member id); on CITY
boards the member id in a cursor is sealed (a keyed permutation), since those boards do not
name members whose profile (and so city) is hidden from the reader.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog
from redis.exceptions import RedisError

import runtime
from models.circles import Circle
from models.rankings import Metric, Period, Scope
from services.core import clock
from services.core.sql import Sql
from services.errors import InvalidInput, NotFound
from services.pagination import DEFAULT_PAGE, MAX_PAGE, decode_cursor
from services.rankings import metrics, movement, store
from services.rankings.keys import Board
from services.rankings.periods import by_key

log = structlog.get_logger("convoy.rankings")

#: Longest city name a CITY board accepts (the width of ``members.city``).
CITY_MAX = 64


@dataclass(frozen=True)
class Standing:
    """A member's place on a board. ``movement`` is the previous snapshot's rank minus this
    rank (positive: climbed), None when the member was not in it."""

    member_id: int
    score: int
    rank: int
    movement: int | None
    cursor: str
    period_key: str


@dataclass(frozen=True)
class BoardPage:
    board: Board
    entries: list[Standing]
    has_next_page: bool
    has_previous_page: bool
    #: ``redis`` or ``database`` (the fallback).
    served_from: str


async def resolve_board(
    metric: Metric | str,
    scope: Scope | str,
    scope_id: str | None,
    period: Period | str,
    *,
    now: datetime | None = None,
) -> Board:
    """The current board named by the arguments. An unknown circle is NOT_FOUND, a blank or
    overlong city INVALID_INPUT; GLOBAL ignores ``scope_id``."""
    given, scope = (scope_id or "").strip(), Scope(scope)
    if scope == Scope.GLOBAL:
        given = ""
    elif scope == Scope.CITY:
        if not given or len(given) > CITY_MAX:
            raise InvalidInput(field="scope_id")
    else:
        well_formed = given.isascii() and given.isdigit() and len(given) <= 18
        if not well_formed or not await Circle.filter(id=int(given)).exists():
            raise NotFound(field="scope_id")
        given = str(int(given))
    return Board.current(Metric(metric), scope, given, Period(period), now or clock.now())


@dataclass(frozen=True)
class RankedRows:
    """A page of the board before movement is added (``with_movement``): a caller that also
    loads the page's members can run both queries at once."""

    board: Board
    rows: list[store.Row]
    has_next_page: bool
    has_previous_page: bool
    served_from: str

    @property
    def member_ids(self) -> list[int]:
        return [row.member_id for row in self.rows]


async def top(
    metric: Metric | str,
    scope: Scope | str,
    scope_id: str | None,
    period: Period | str,
    *,
    first: int | None = MAX_PAGE,
    after: str | None = None,
    now: datetime | None = None,
) -> BoardPage:
    """A page of the board, best first. Constant work per page: one Redis round trip (or one
    query on the fallback) plus one query for movement."""
    found = await ranked_rows(metric, scope, scope_id, period, first=first, after=after, now=now)
    return await with_movement(found)


async def ranked_rows(
    metric: Metric | str,
    scope: Scope | str,
    scope_id: str | None,
    period: Period | str,
    *,
    first: int | None = MAX_PAGE,
    after: str | None = None,
    now: datetime | None = None,
) -> RankedRows:
    """The rows of a page of the board (one Redis round trip, or one query on the fallback)."""
    size = DEFAULT_PAGE if first is None else first
    if not 0 <= size <= MAX_PAGE:
        raise InvalidInput(field=["first"], message_key="first.range")
    board = await resolve_board(
        Metric(metric), Scope(scope), scope_id, Period(period), now=now or clock.now()
    )
    keyset = _keyset(after, board)
    rows, served = await _rows(board, keyset, size + 1)
    return RankedRows(board, rows[:size], len(rows) > size, after is not None, served)


async def with_movement(found: RankedRows) -> BoardPage:
    """The page with each entry's movement (one query)."""
    previous = await movement.previous_ranks(found.board, found.member_ids)
    return BoardPage(
        board=found.board,
        entries=[_standing(row, previous, found.board) for row in found.rows],
        has_next_page=found.has_next_page,
        has_previous_page=found.has_previous_page,
        served_from=found.served_from,
    )


async def standing(
    metric: Metric | str,
    scope: Scope | str,
    scope_id: str | None,
    period: Period | str,
    member_id: int,
    *,
    now: datetime | None = None,
) -> Standing | None:
    """The member's place on the board, None when they have no score on it."""
    board = await resolve_board(
        Metric(metric), Scope(scope), scope_id, Period(period), now=now or clock.now()
    )
    row = await _member_row(board, member_id)
    if row is None:
        return None
    return _standing(row, await movement.previous_ranks(board, [member_id]), board)


def _keyset(after: str | None, board: Board) -> tuple[int, int] | None:
    if after is None:
        return None
    score, member_id = decode_cursor(after, 2)
    if not isinstance(score, int) or not isinstance(member_id, int) or not 0 <= member_id < _WORD:
        raise InvalidInput(field=["after"], message_key="cursor.invalid")
    if board.scope == Scope.CITY:
        member_id = _unseal(member_id)
    if member_id >= _ID_LIMIT or abs(score) >= _ID_LIMIT:
        raise InvalidInput(field=["after"], message_key="cursor.invalid")
    return score, member_id


def _standing(row: store.Row, previous: dict[int, int], board: Board) -> Standing:
    before = previous.get(row.member_id)
    member_id = _seal(row.member_id) if board.scope == Scope.CITY else row.member_id
    return Standing(
        member_id=row.member_id,
        score=row.score,
        rank=row.rank,
        movement=None if before is None else before - row.rank,
        cursor=_cursor(row.score, member_id),
        period_key=board.period_key,
    )


def _cursor(score: int, member_id: int) -> str:
    """``encode_cursor([score, member_id])`` without the JSON encoder (a hundred per page)."""
    raw = f"[{score},{member_id}]".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


_HALF = 32
_MASK = (1 << _HALF) - 1
_WORD = 1 << (2 * _HALF)
#: Ids and scores are BIGINT: a forged cursor beyond them is refused, not sent to the database.
_ID_LIMIT = 1 << 63
_ROUNDS = 4


def _round(key: bytes, index: int, half: int) -> int:
    digest = hashlib.blake2b(
        half.to_bytes(4, "big"), digest_size=4, key=key, person=b"lb-cursor" + bytes([index])
    ).digest()
    return int.from_bytes(digest, "big")


def _cursor_key() -> bytes:
    return hashlib.sha256(runtime.settings().secret_key.encode()).digest()


def _seal(member_id: int) -> int:
    """A 64-bit Feistel permutation of ``member_id`` under the secret key: a cursor keeps its
    place without telling whose place it is."""
    key, left, right = _cursor_key(), member_id >> _HALF & _MASK, member_id & _MASK
    for index in range(_ROUNDS):
        left, right = right, left ^ _round(key, index, right)
    return left << _HALF | right


def _unseal(sealed: int) -> int:
    key, left, right = _cursor_key(), sealed >> _HALF & _MASK, sealed & _MASK
    for index in reversed(range(_ROUNDS)):
        left, right = right ^ _round(key, index, left), left
    return left << _HALF | right


async def _rows(
    board: Board, keyset: tuple[int, int] | None, count: int
) -> tuple[list[store.Row], str]:
    try:
        rows = await store.read_page(board, keyset, count)
    except (RedisError, OSError) as exc:
        log.warning("rankings.redis_unavailable", error=type(exc).__name__)
        rows = None
    if rows is not None:
        return rows, "redis"
    return await database_page(board, keyset, count), "database"


async def _member_row(board: Board, member_id: int) -> store.Row | None:
    try:
        found = await store.read_member(board, member_id)
    except (RedisError, OSError) as exc:
        log.warning("rankings.redis_unavailable", error=type(exc).__name__)
        found = False
    if found is not False:
        return found  # type: ignore[return-value]
    rows = await _database_rows(board, "r.member_id = ?", [member_id], 1)
    return rows[0] if rows else None


async def database_page(
    board: Board, keyset: tuple[int, int] | None, count: int
) -> list[store.Row]:
    """The page computed from the truth: the same order and dense ranks as the Redis board."""
    if keyset is None:
        return await _database_rows(board, "1 = 1", [], count)
    score, member_id = keyset
    return await _database_rows(
        board, "(r.score < ? OR (r.score = ? AND r.member_id > ?))", [score, score, member_id],
        count,
    )  # fmt: skip


async def _database_rows(
    board: Board, condition: str, params: list[Any], count: int
) -> list[store.Row]:
    win = by_key(board.period, board.period_key)
    query = metrics.ranked(
        metrics.board_scores(board.metric, win, board.scope, scope_id=board.scope_id)
    )
    found = await Sql().rows(
        f"SELECT r.member_id, r.score, r.rank FROM ({query.sql}) r WHERE {condition} "
        "ORDER BY r.score DESC, r.member_id LIMIT ?",
        *query.params, *params, count,
    )  # fmt: skip
    return [store.Row(int(row["member_id"]), int(row["score"]), int(row["rank"])) for row in found]
