"""Request authentication: ``Authorization: Bearer <access token>`` to verified claims."""

from __future__ import annotations

from typing import Any

from runtime.config import Settings
from services.accounts.tokens import AccessClaims, decode_access_token
from services.errors import DomainError, ErrorCode


def bearer_token(headers: Any) -> str | None:
    value = headers.get("authorization")
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise DomainError(ErrorCode.INVALID_TOKEN)
    return token.strip()


def claims_from_request(request: Any, settings: Settings) -> AccessClaims | None:
    """Claims of a valid token, None when no token is sent. A bad or expired token raises
    ``DomainError`` (the client must refresh, not silently continue as anonymous)."""
    return claims_from_authorization(request.headers.get("authorization"), settings)


def claims_from_authorization(value: str | None, settings: Settings) -> AccessClaims | None:
    """``claims_from_request`` for the value of an ``Authorization`` header."""
    token = bearer_token({"authorization": value})
    if token is None:
        return None
    return decode_access_token(token, settings.secret_key)


def claims_from_token(token: Any, settings: Settings) -> AccessClaims:
    if not isinstance(token, str) or not token:
        raise DomainError(ErrorCode.UNAUTHENTICATED)
    if token.lower().startswith("bearer "):
        token = token[7:]
    return decode_access_token(token.strip(), settings.secret_key)
