"""Running one request through both executors: the trusted document by its id (compiled) and
the same text with a trailing comment (not trusted, so graphql-core)."""

from __future__ import annotations

from typing import Any

import httpx

from runtime import metrics
from schema.compiled import trusted_documents

UNTRUSTED_SUFFIX = "\n# the same document, not trusted: graphql-core executes it\n"


def executions(operation: str, path: str) -> int:
    """How many executions of ``operation`` the ``path`` executor has counted."""
    series = metrics.EXECUTIONS._series.get((operation, path))
    return int(sum(series[:-1])) if series else 0


async def both(
    http: httpx.AsyncClient,
    document_id: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
) -> tuple[httpx.Response, httpx.Response]:
    """(compiled response, graphql-core response) of one trusted document; asserts each went
    through the executor it names."""
    headers = {"accept": "application/graphql-response+json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    text = trusted_documents().by_id[document_id].text
    compiled_before = executions(document_id, "compiled")
    core_before = executions(document_id, "graphql-core")
    trusted: dict[str, Any] = {"documentId": document_id}
    untrusted: dict[str, Any] = {"query": text + UNTRUSTED_SUFFIX}
    if variables is not None:
        trusted["variables"] = untrusted["variables"] = variables
    compiled = await http.post("/graphql", json=trusted, headers=headers)
    core = await http.post("/graphql", json=untrusted, headers=headers)
    executed = compiled.status_code == 200
    assert executions(document_id, "compiled") == compiled_before + executed, compiled.text
    assert executions(document_id, "graphql-core") == core_before + executed, core.text
    return compiled, core


async def assert_same(
    http: httpx.AsyncClient,
    document_id: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
) -> dict[str, Any]:
    """Both executors answer byte for byte the same; returns the decoded answer."""
    compiled, core = await both(http, document_id, variables, token=token)
    assert compiled.status_code == core.status_code
    assert compiled.content == core.content, (compiled.text, core.text)
    return compiled.json()  # type: ignore[no-any-return]
