"""``GET /events/{eventId}/roster.csv``: an event's roster for its organizers, authenticated
with the same bearer access token as ``/graphql`` and counted against the same per-member
(or, unauthenticated, per-IP) rate limit: a download is one request of the member's quota."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from strawberry.relay import GlobalID

from api.auth import claims_from_request
from api.rate_limiter import RequestRateLimiter
from runtime.config import Settings
from schema.core.ids import decode_id, key_of
from services.accounts.sessions import load_active_account
from services.core.actors import MemberActor
from services.errors import DomainError, ErrorCode
from services.events.roster import roster_rows, to_csv
from services.i18n import locale_from_accept_language

_STATUS = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.INVALID_TOKEN: 401,
    ErrorCode.TOKEN_EXPIRED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.RATE_LIMITED: 429,
}


def roster_endpoint(settings: Settings, limiter: RequestRateLimiter):  # type: ignore[no-untyped-def]
    async def roster_csv(request: Request) -> Response:
        locale = locale_from_accept_language(request.headers.get("accept-language")) or "zh-CN"
        retry_after: int | None = None
        try:
            claims = claims_from_request(request, settings)
            client = request.client.host if request.client else "-"
            allowance = await limiter.hit(f"m{claims.member_id}" if claims else f"ip{client}")
            if not allowance.allowed:
                retry_after = max(1, allowance.reset)
                raise DomainError(ErrorCode.RATE_LIMITED)
            loaded = await load_active_account(claims) if claims is not None else None
            if loaded is None:
                raise DomainError(ErrorCode.UNAUTHENTICATED)
            account, member = loaded
            event, lines = await roster_rows(
                actor=MemberActor(id=member.id, roles=tuple(account.roles)),
                event_id=_event_id(request.path_params["event_id"]),
            )
        except DomainError as error:
            headers = {"www-authenticate": "Bearer"} if error.code in _AUTH else {}
            if retry_after is not None:
                headers["retry-after"] = str(retry_after)
            return JSONResponse(
                {"error": {"code": error.code.value, "message": error.message(locale)}},
                status_code=_STATUS.get(error.code, 400),
                headers=headers or None,
            )
        return StreamingResponse(
            to_csv(lines),
            media_type="text/csv; charset=utf-8",
            headers={
                "content-disposition": f'attachment; filename="event-{event.id}-roster.csv"',
                "cache-control": "no-store",
            },
        )

    return roster_csv


_AUTH = frozenset({ErrorCode.UNAUTHENTICATED, ErrorCode.INVALID_TOKEN, ErrorCode.TOKEN_EXPIRED})


def _event_id(value: str) -> int:
    """The key of an ``Event`` global ID, or of a plain number (both held to the keys' range
    and ASCII digits); NOT_FOUND for anything else."""
    plain = key_of(GlobalID("Event", value), "Event")
    return plain if plain is not None else decode_id(value, "Event", field="event_id")
