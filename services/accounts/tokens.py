"""Short-lived signed access tokens (JWT, HS256) and opaque refresh tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

import runtime
from services.core import clock
from services.errors import DomainError, ErrorCode

ALGORITHM = "HS256"
ISSUER = "convoy"


@dataclass(frozen=True, slots=True)
class AccessClaims:
    account_id: int
    member_id: int
    roles: tuple[str, ...]
    #: The account's token version when the token was issued.
    version: int


def issue_access_token(claims: AccessClaims, *, now: datetime | None = None) -> str:
    settings = runtime.settings()
    issued = now or clock.now()
    payload = {
        "iss": ISSUER,
        "typ": "access",
        "sub": str(claims.account_id),
        "mid": claims.member_id,
        "roles": list(claims.roles),
        "ver": claims.version,
        "iat": int(issued.timestamp()),
        "exp": int((issued + timedelta(minutes=settings.access_token_minutes)).timestamp()),
    }
    return jwt.encode(payload, settings.secret_key, algorithm=ALGORITHM)


def decode_access_token(token: str, secret_key: str) -> AccessClaims:
    """Verify signature, expiry and shape. Raises ``DomainError`` (INVALID_TOKEN/TOKEN_EXPIRED)."""
    try:
        payload = jwt.decode(
            token,
            secret_key,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "iss"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise DomainError(ErrorCode.TOKEN_EXPIRED) from exc
    except jwt.PyJWTError as exc:
        raise DomainError(ErrorCode.INVALID_TOKEN) from exc
    if payload.get("typ") != "access":
        raise DomainError(ErrorCode.INVALID_TOKEN)
    try:
        return AccessClaims(
            account_id=int(payload["sub"]),
            member_id=int(payload["mid"]),
            roles=tuple(str(role) for role in payload.get("roles", [])),
            version=int(payload["ver"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DomainError(ErrorCode.INVALID_TOKEN) from exc


def new_refresh_token() -> tuple[str, str]:
    """A fresh opaque refresh token and the hash that is stored for it."""
    token = secrets.token_urlsafe(32)
    return token, hash_refresh_token(token)


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
