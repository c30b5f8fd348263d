"""The GraphQL IDE page (GraphiQL), served with locally vendored assets so it works offline.

The page and everything it loads come from this app (``/ide-assets/``, see
``static/graphiql/VENDORED.md``); the content security policy keeps it that way.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse

ASSETS_DIR = Path(__file__).parent / "static" / "graphiql"
PAGE = Path(__file__).parent / "static" / "graphiql.html"

#: Same-origin scripts, styles, fetches and WebSockets only (GraphiQL sets inline styles; its
#: fonts are data URIs).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "query" not in request.query_params


@lru_cache(maxsize=1)
def _page_html() -> str:
    return PAGE.read_text(encoding="utf-8")


def page() -> HTMLResponse:
    return HTMLResponse(
        _page_html(),
        headers={
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-cache",
        },
    )
