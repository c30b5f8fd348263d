"""The Redis side of the boards: Lua scripts that swap a rebuilt board in, apply increments
exactly once, and read a page or one member's rank with dense ranks, each in one round trip."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from redis.commands.core import AsyncScript

import runtime
from services.rankings.keys import Board, member_token

_BUMP = """
local function fmt(n) return string.format('%d', n) end
local function bump(board, member, delta, ttl)
  local old = redis.call('ZSCORE', board, member)
  local new = delta
  if old then
    old = -tonumber(old)
    new = old + delta
    if redis.call('HINCRBY', board .. '|c', fmt(old), -1) <= 0 then
      redis.call('HDEL', board .. '|c', fmt(old))
      redis.call('ZREM', board .. '|d', fmt(old))
    end
  end
  if new > 0 then
    redis.call('ZADD', board, -new, member)
    if redis.call('HINCRBY', board .. '|c', fmt(new), 1) == 1 then
      redis.call('ZADD', board .. '|d', -new, fmt(new))
    end
  else
    redis.call('ZREM', board, member)
  end
  if ttl > 0 and redis.call('TTL', board) == -1 then
    for _, suffix in ipairs({'', '|d', '|c', '|w'}) do
      redis.call('EXPIRE', board .. suffix, ttl)
    end
  end
end
local function watermark(board, set)
  local mark = redis.call('GET', board .. '|w') or redis.call('GET', set .. '|w')
  if mark then return tonumber(mark) end
  return nil
end
"""

#: KEYS: the source cursor. ARGV: expected cursor, new cursor, then per increment: board,
#: board set, ttl, entry mark, member, delta (in mark order). An increment lands only on a
#: built board whose watermark is below its mark, and moves the watermark: a rerun is a no-op.
APPLY_ENTRIES = (
    _BUMP
    + """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
local marks, ttls, applied = {}, {}, 0
for i = 3, #ARGV, 6 do
  local board, set, ttl = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  ttls[board] = ttl
  local mark, member, delta = tonumber(ARGV[i + 3]), ARGV[i + 4], tonumber(ARGV[i + 5])
  local seen = marks[board]
  if seen == nil then seen = watermark(board, set) or false end
  if seen and mark > seen then
    bump(board, member, delta, ttl)
    marks[board] = mark
    applied = applied + 1
  else
    marks[board] = seen
  end
end
for board, mark in pairs(marks) do
  if mark then
    redis.call('SET', board .. '|w', string.format('%d', mark), 'KEEPTTL')
    if ttls[board] > 0 and redis.call('TTL', board .. '|w') == -1 then
      redis.call('EXPIRE', board .. '|w', ttls[board])
    end
  end
end
redis.call('SET', KEYS[1], ARGV[2])
return applied
"""
)

#: KEYS: the completion's marker. ARGV: marker ttl, completion mark, member, then per board:
#: board, board set, ttl. Counts the completion once (the marker), on built boards whose
#: rebuild did not already include it (watermark below the completion time).
APPLY_COMPLETION = (
    _BUMP
    + """
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return -1 end
local mark, member, applied = tonumber(ARGV[2]), ARGV[3], 0
for i = 4, #ARGV, 3 do
  local seen = watermark(ARGV[i], ARGV[i + 1])
  if seen and mark > seen then
    bump(ARGV[i], member, 1, tonumber(ARGV[i + 2]))
    applied = applied + 1
  end
end
return applied
"""
)

_FILL = """
local function fill(command, key, packed)
  local args = {}
  for token in string.gmatch(packed, '%S+') do
    args[#args + 1] = token
    if #args >= 7000 then
      redis.call(command, key, unpack(args))
      args = {}
    end
  end
  if #args > 0 then redis.call(command, key, unpack(args)) end
end
local function fill_tmp(tmp, packed_members, packed_distinct, packed_counts, ttl)
  fill('ZADD', tmp, packed_members)
  fill('ZADD', tmp .. '|d', packed_distinct)
  fill('HSET', tmp .. '|c', packed_counts)
  for _, suffix in ipairs({'', '|d', '|c'}) do
    if redis.call('EXISTS', tmp .. suffix) == 1 then redis.call('EXPIRE', tmp .. suffix, ttl) end
  end
end
"""

#: KEYS: tmp, tmp|d, tmp|c. ARGV: "negated-score member …", "negated-score score …",
#: "score count …" (space-separated, in command order), ttl. Adds a chunk of a board being
#: rebuilt in one call (one argument per list: cheap to send, parsed by Redis).
FILL = (
    _FILL
    + """
fill_tmp(KEYS[1], ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]))
return 1
"""
)

#: KEYS: board, |d, |c, |w, and the rebuilt tmp, tmp|d, tmp|c, then the source cursor or none.
#: ARGV: watermark, ttl, then a last chunk as for FILL (members, distinct, counts, tmp ttl).
#: Replaces the board atomically (readers see the old or the new board).
SWAP = (
    _FILL
    + """
fill_tmp(KEYS[5], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6]))
if redis.call('EXISTS', KEYS[5]) == 1 then
  redis.call('RENAME', KEYS[5], KEYS[1])
  redis.call('RENAME', KEYS[6], KEYS[2])
  redis.call('RENAME', KEYS[7], KEYS[3])
else
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
end
redis.call('SET', KEYS[4], ARGV[1])
local ttl = tonumber(ARGV[2])
if ttl > 0 then
  for i = 1, 4 do redis.call('EXPIRE', KEYS[i], ttl) end
end
if KEYS[8] then
  local cursor = redis.call('GET', KEYS[8])
  if not cursor or tonumber(cursor) > tonumber(ARGV[1]) then
    redis.call('SET', KEYS[8], ARGV[1])
  end
end
return 1
"""
)

#: KEYS: board, |d, |w, set|w. ARGV: after score ('' for the first page), after member, count.
#: Returns false for a board never built, else {1, dense rank of the first item, items}, the
#: items (member, stored score, ...) joined by spaces: one bulk string parses far faster
#: than 200 array elements.
PAGE = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  if redis.call('EXISTS', KEYS[3]) == 0 and redis.call('EXISTS', KEYS[4]) == 0 then
    return false
  end
  return {1, 0}
end
local start = 0
if ARGV[1] ~= '' then
  local stored = -tonumber(ARGV[1])
  local mine = redis.call('ZSCORE', KEYS[1], ARGV[2])
  if mine and tonumber(mine) == stored then
    start = redis.call('ZRANK', KEYS[1], ARGV[2]) + 1
  else
    local lo = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. stored)
    local hi = redis.call('ZCOUNT', KEYS[1], '-inf', stored)
    while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if redis.call('ZRANGE', KEYS[1], mid, mid)[1] <= ARGV[2] then lo = mid + 1 else hi = mid end
    end
    start = lo
  end
end
local items = redis.call('ZRANGE', KEYS[1], start, start + tonumber(ARGV[3]) - 1, 'WITHSCORES')
local rank = 0
if #items > 0 then rank = redis.call('ZCOUNT', KEYS[2], '-inf', '(' .. items[2]) + 1 end
return {1, rank, table.concat(items, ' ')}
"""

#: KEYS: board, |d, |w, set|w. ARGV: member. False when not built, {1} when not on the board,
#: else {1, score, dense rank}.
MEMBER_RANK = """
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score then
  if redis.call('EXISTS', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[3]) == 0
     and redis.call('EXISTS', KEYS[4]) == 0 then
    return false
  end
  return {1}
end
return {1, score, redis.call('ZCOUNT', KEYS[2], '-inf', '(' .. score) + 1}
"""


@dataclass(frozen=True)
class Row:
    member_id: int
    score: int
    rank: int


_scripts: dict[tuple[int, str], AsyncScript] = {}


async def run(script: str, keys: list[str], args: list[Any]) -> Any:
    """Run a script by its digest (``EVALSHA``, loading it on a server that lacks it)."""
    client = runtime.redis()
    registered = _scripts.get((id(client), script))
    if registered is None:
        registered = _scripts[(id(client), script)] = client.register_script(script)
    return await registered(keys=keys, args=args)


def board_keys(board: Board) -> list[str]:
    key = board.key
    return [key, key + "|d", key + "|w", board.set_key + "|w"]


async def read_page(board: Board, after: tuple[int, int] | None, count: int) -> list[Row] | None:
    """Up to ``count`` rows after the keyset ``after`` (score, member id), or None when the
    board has not been built (the caller computes it from the database)."""
    score, member = ("", "") if after is None else (str(after[0]), member_token(after[1]))
    reply = await run(PAGE, board_keys(board), [score, member, count])
    if not reply:
        return None
    rows: list[Row] = []
    rank, previous = int(reply[1]), None
    items = reply[2].split() if len(reply) > 2 else []
    for index in range(0, len(items), 2):
        value = -int(float(items[index + 1]))
        if previous is not None and value != previous:
            rank += 1
        previous = value
        rows.append(Row(int(items[index]), value, rank))
    return rows


async def read_member(board: Board, member_id: int) -> Row | None | bool:
    """The member's row, None when not on the board, False when the board is not built."""
    reply = await run(MEMBER_RANK, board_keys(board), [member_token(member_id)])
    if not reply:
        return False
    if len(reply) == 1:
        return None
    return Row(member_id, -int(float(reply[1])), int(reply[2]))
