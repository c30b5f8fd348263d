"""Per-request context handed to every resolver."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import strawberry

from services.accounts.tokens import AccessClaims
from services.errors import DomainError, ErrorCode
from services.i18n import DEFAULT_LOCALE, normalize_locale

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.websockets import WebSocket

    from models.accounts import Account
    from models.members import Member
    from runtime.config import Settings
    from schema.loaders import Loaders


@dataclass
class Viewer:
    """The signed-in member and their account, loaded at most once per request."""

    account: Account
    member: Member

    @property
    def id(self) -> int:
        return self.member.id

    @property
    def roles(self) -> list[str]:
        return list(self.account.roles)


@dataclass
class Context:
    request: Request | WebSocket
    settings: Settings
    request_id: str
    loaders: Loaders
    claims: AccessClaims | None = None
    #: Locale from ``Accept-Language`` (or the default) until a viewer is loaded.
    header_locale: str = DEFAULT_LOCALE
    #: Set by the subscription handshake from the ``connection_init`` payload.
    connection_params: dict[str, Any] | None = None
    _viewer: Viewer | None = field(default=None, repr=False)
    _viewer_loaded: bool = field(default=False, repr=False)
    #: The one load of the viewer, awaited by every resolver asking before it ends.
    _viewer_load: asyncio.Future[None] | None = field(default=None, repr=False)

    @property
    def locale(self) -> str:
        if self._viewer is not None:
            return normalize_locale(self._viewer.member.locale)
        return self.header_locale

    async def viewer(self) -> Viewer | None:
        """The signed-in viewer, or None for anonymous requests and stale tokens. Loaded once
        per request: sibling resolvers asking at the same time all wait for that load (and
        resume together, so their DataLoader calls still batch) instead of reading None
        before it ends."""
        if self._viewer_loaded:
            return self._viewer
        if self._viewer_load is None:
            self._viewer_load = asyncio.ensure_future(self._load_viewer())
        await self._viewer_load
        return self._viewer

    async def _load_viewer(self) -> None:
        if self.claims is not None:
            from services.accounts.sessions import load_active_account

            loaded = await load_active_account(self.claims)
            if loaded is not None:
                self._viewer = Viewer(account=loaded[0], member=loaded[1])
        self._viewer_loaded = True

    async def require_viewer(self) -> Viewer:
        viewer = await self.viewer()
        if viewer is None:
            raise DomainError(ErrorCode.UNAUTHENTICATED)
        return viewer


Info = strawberry.Info[Context, None]
