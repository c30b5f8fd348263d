"""``GET /calendar/members/{token}.ics`` (a member's private feed) and
``GET /calendar/circles/{slug}.ics`` (a circle's public feed): iCalendar for calendar apps,
which subscribe without signing in. Each fetch is one request of the client IP's quota
(``/graphql``'s per-IP rate limit); an unknown or rotated token and an INVITE circle are 404."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from api.rate_limiter import RequestRateLimiter
from services.errors import DomainError
from services.events.calendar import circle_calendar, member_calendar

Endpoint = Callable[[Request], Awaitable[Response]]
MEDIA_TYPE = "text/calendar; charset=utf-8"


def _feed(limiter: RequestRateLimiter, build: Callable[[str], Awaitable[bytes]], param: str,
          *, private: bool) -> Endpoint:  # fmt: skip
    async def endpoint(request: Request) -> Response:
        client = request.client.host if request.client else "-"
        allowance = await limiter.hit(f"ip{client}")
        if not allowance.allowed:
            return PlainTextResponse(
                "rate limited", status_code=429,
                headers={"retry-after": str(max(1, allowance.reset))},
            )  # fmt: skip
        try:
            body = await build(request.path_params[param])
        except DomainError:
            return PlainTextResponse("not found", status_code=404)
        headers = {"cache-control": "private, no-store" if private else "public, max-age=300"}
        if private:
            headers["referrer-policy"] = "no-referrer"
        return Response(body, media_type=MEDIA_TYPE, headers=headers)

    return endpoint


def member_feed_endpoint(limiter: RequestRateLimiter) -> Endpoint:
    return _feed(limiter, member_calendar, "token", private=True)


def circle_feed_endpoint(limiter: RequestRateLimiter) -> Endpoint:
    return _feed(limiter, circle_calendar, "slug", private=False)
