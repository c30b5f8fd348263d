"""The GraphQL IDE works offline: the page and everything it loads come from this app."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from api.ide import ASSETS_DIR

EXPECTED_TYPES = {".js": "text/javascript", ".css": "text/css"}
#: http(s) URLs, and protocol-relative ones (//host/...), in attributes or code.
EXTERNAL_URL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}""", re.IGNORECASE)


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append(value)


async def test_get_graphql_from_a_browser_returns_the_ide(http: Any) -> None:
    # when
    response = await http.get("/graphql", headers={"accept": "text/html,application/xhtml+xml"})
    # then
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'id="graphiql"' in response.text
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp


async def test_every_asset_the_page_references_is_served(http: Any) -> None:
    # given
    page = (await http.get("/graphql", headers={"accept": "text/html"})).text
    parser = _References()
    parser.feed(page)
    # then
    assert len(parser.urls) >= 5  # GraphiQL js + css, React, ReactDOM, our start-up script
    for url in parser.urls:
        assert url.startswith("/ide-assets/"), url
        response = await http.get(url)
        assert response.status_code == 200, url
        suffix = url[url.rfind(".") :]
        assert response.headers["content-type"].startswith(EXPECTED_TYPES[suffix]), url
        assert len(response.content) > 0


async def test_the_page_and_our_script_name_no_external_host(http: Any) -> None:
    page = (await http.get("/graphql", headers={"accept": "text/html"})).text
    start_up = (ASSETS_DIR / "convoy-ide.js").read_text(encoding="utf-8")
    assert EXTERNAL_URL.findall(page) == []
    assert EXTERNAL_URL.findall(start_up) == []


def test_vendored_assets_stay_small_and_licensed() -> None:
    files = [path for path in ASSETS_DIR.iterdir() if path.is_file()]
    total = sum(path.stat().st_size for path in files)
    names = {path.name for path in files}
    assert total < 3 * 1024 * 1024
    assert {"LICENSE.graphiql", "LICENSE.react", "LICENSE.react-dom"} <= names


async def test_a_query_in_the_url_runs_it_instead_of_showing_the_ide(http: Any) -> None:
    response = await http.get(
        "/graphql", params={"query": "{ __typename }"}, headers={"accept": "text/html, */*"}
    )
    assert response.status_code == 200
    assert response.json()["data"] == {"__typename": "Query"}
