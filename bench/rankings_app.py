"""The app the rankings benchmark serves: the regular app plus two baselines behind the same
middleware, ``/bench/bare`` (a constant JSON body, from bench.overhead) and ``/bench/top`` (the
top 100 of the points board written by hand)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request as StarletteRequest
from starlette.responses import JSONResponse, Response

TOP_PATH = "/bench/top"


async def hand_written_top(request: StarletteRequest) -> Response:
    """The same top 100 without GraphQL or the rankings service: one ZRANGE, one SELECT
    (PostgreSQL only, like the benchmark)."""
    from tortoise import Tortoise

    import runtime
    from models.rankings import Metric, Period, Scope
    from services.core import clock
    from services.rankings.keys import Board

    board = Board.current(Metric.POINTS_EARNED, Scope.GLOBAL, "", Period.ALL_TIME, clock.now())
    rows: list[tuple[Any, float]] = await runtime.redis().zrange(  # type: ignore[assignment]
        board.key, 0, 99, withscores=True
    )
    ids = [int(member) for member, _ in rows]
    found = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT id, handle, display_name FROM members WHERE id = ANY($1::bigint[])", [ids]
    )
    names = {row["id"]: row for row in found}
    edges = [
        {
            "rank": rank,
            "score": int(-score),
            "member": {"handle": names[i]["handle"], "displayName": names[i]["display_name"]},
        }
        for rank, (i, (_, score)) in enumerate(zip(ids, rows, strict=True), start=1)
        if i in names
    ]
    return JSONResponse({"data": {"leaderboard": {"edges": edges}}})


def make_app() -> Any:
    """The regular app plus ``/bench/bare`` (bench.overhead) and ``/bench/top``."""
    from starlette.routing import Route

    from bench.overhead import make_app as with_bare

    app = with_bare()
    app.router.routes.insert(2, Route(TOP_PATH, hand_written_top, methods=["GET", "POST"]))
    return app
