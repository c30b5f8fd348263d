"""Helpers shared by tests: a GraphQL client over HTTP and database admin access."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx


@contextlib.asynccontextmanager
async def pg_admin(server_url: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(server_url.replace("postgres://", "postgresql://", 1))
    try:
        yield connection
    finally:
        await connection.close()


class GraphQLClient:
    """Posts GraphQL documents to ``/graphql`` and returns the decoded response."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def raw(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        all_headers = {"accept": "application/graphql-response+json"}
        if token:
            all_headers["authorization"] = f"Bearer {token}"
        all_headers.update(headers or {})
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return await self.http.post("/graphql", json=body, headers=all_headers)

    async def __call__(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        response = await self.raw(query, variables, token=token, headers=headers)
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        """The ``data`` of a response that must have no errors."""
        result = await self(query, variables, **kw)
        assert "errors" not in result, result
        return result["data"]
