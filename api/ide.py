"""The GraphQL IDE page, served with locally vendored assets so it works offline."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse

ASSETS_DIR = Path(__file__).parent / "static" / "graphiql"
PAGE = Path(__file__).parent / "static" / "graphiql.html"


def wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "query" not in request.query_params


@lru_cache(maxsize=1)
def _page_html() -> str:
    return PAGE.read_text(encoding="utf-8")


def page() -> HTMLResponse:
    return HTMLResponse(_page_html())
