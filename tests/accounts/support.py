"""Shared documents and helpers of the accounts tests."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

import runtime
from api.app import create_app
from models.accounts import Account, RefreshToken
from models.audit import AuditLog
from models.members import Member
from models.outbox import OutboxEvent
from runtime.config import Settings
from tests.conftest import make_settings
from tests.support import GraphQLClient

PASSWORD = "Trail-Blazer-2024"

AUTH_FIELDS = """
  tokens { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt }
  viewer { member { handle displayName } roles }
  errors { code field message }
"""

SIGN_UP = f"""
mutation SignUp($input: SignUpInput!) {{ signUp(input: $input) {{ {AUTH_FIELDS} }} }}
"""

SIGN_IN = f"""
mutation SignIn($input: SignInInput!) {{ signIn(input: $input) {{ {AUTH_FIELDS} }} }}
"""

REFRESH = f"""
mutation Refresh($input: RefreshTokensInput!) {{
  refreshTokens(input: $input) {{ {AUTH_FIELDS} }}
}}
"""

VIEWER = "query Viewer { viewer { member { handle } } }"


def sign_up_input(name: str = "ranger", **overrides: Any) -> dict[str, Any]:
    """A valid ``SignUpInput`` for handle ``name``, with ``overrides`` applied."""
    values: dict[str, Any] = {
        "email": f"{name.lower()}@example.test",
        "password": PASSWORD,
        "handle": name,
        "displayName": name.title(),
    }
    values.update(overrides)
    return values


async def sign_up(gql: GraphQLClient, name: str = "ranger", **overrides: Any) -> dict[str, Any]:
    """Sign up through the API; returns the ``signUp`` payload, which must have no errors."""
    data = await gql.data(SIGN_UP, {"input": sign_up_input(name, **overrides)})
    payload = data["signUp"]
    assert payload["errors"] == [], payload
    return payload


async def sign_in(gql: GraphQLClient, login: str, password: str = PASSWORD) -> dict[str, Any]:
    data = await gql.data(SIGN_IN, {"input": {"login": login, "password": password}})
    return data["signIn"]


async def refresh(gql: GraphQLClient, refresh_token: str) -> dict[str, Any]:
    data = await gql.data(REFRESH, {"input": {"refreshToken": refresh_token}})
    return data["refreshTokens"]


def codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["errors"]]


async def row_counts() -> dict[str, int]:
    """Rows of every table an accounts mutation may write, to prove a failure wrote nothing."""
    return {
        "accounts": await Account.all().count(),
        "members": await Member.all().count(),
        "refresh_tokens": await RefreshToken.all().count(),
        "live_refresh_tokens": await RefreshToken.filter(revoked_at=None).count(),
        "outbox": await OutboxEvent.all().count(),
        "audit": await AuditLog.all().count(),
    }


@contextlib.asynccontextmanager
async def client_from(app: Any, ip: str) -> AsyncIterator[GraphQLClient]:
    """A GraphQL client whose requests come from ``ip``."""
    transport = httpx.ASGITransport(app=app, client=(ip, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://convoy.test") as http:
        yield GraphQLClient(http)


@contextlib.asynccontextmanager
async def app_with(settings: Settings, **overrides: Any) -> AsyncIterator[GraphQLClient]:
    """A second app on the same database and Redis with other settings (e.g. production mode).
    Its lifespan reconfigures the process-wide runtime, which is restored afterwards."""
    previous = runtime.current()
    other = make_settings(settings.database_url, settings.redis_url or "", **overrides)
    try:
        async with (
            LifespanManager(create_app(other, manage_orm=False)) as manager,
            client_from(manager.app, "127.0.0.1") as client,
        ):
            yield client
    finally:
        runtime.configure(previous.settings, previous.redis)
