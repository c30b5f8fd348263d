"""The one mutation runner: authenticate, decode IDs, call the service, report its refusal.

A mutation resolver names its service call and nothing else::

    return await run(info, RegistrationPayload, signup.sign_up,
                     event_id=Id(input.event_id, EventNode), passengers=input.passengers)

The service receives the signed-in viewer as ``actor`` and the arguments, with every ``Id``
decoded into a database key. A ``DomainError`` it raises (or a bad ``Id``) becomes the payload's
coded ``errors``, its ``field`` (a service parameter, e.g. ``event_id``) mapped to the input
path (``["input", "eventId"]``); nothing else of the payload is set then, except the refusal's
``subject`` where the service names one (presented like a result, e.g. the used coupon).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from schema.core.context import Info
from schema.core.errors import user_errors
from schema.core.ids import Id
from schema.core.payload import Payload
from services.errors import DomainError

P = TypeVar("P", bound=Payload)
Service = Callable[..., Awaitable[Any]]


async def run(info: Info, payload: type[P], service: Service, /, **arguments: Any) -> P:
    """Run ``service`` for the signed-in viewer (UNAUTHENTICATED, a top-level error, without
    one) and present its result or its refusal as ``payload``."""
    viewer = await info.context.require_viewer()
    return await _call(info, payload, service, {"actor": viewer}, arguments)


async def run_anonymous(info: Info, payload: type[P], service: Service, /, **arguments: Any) -> P:
    """``run`` for the mutations that need no sign-in (signing up or in, refreshing a token):
    the service gets no ``actor``."""
    return await _call(info, payload, service, {}, arguments)


async def _call(
    info: Info,
    payload: type[P],
    service: Service,
    given: dict[str, Any],
    arguments: Mapping[str, Any],
) -> P:
    try:
        for name, value in arguments.items():
            given[name] = value.decode(name) if isinstance(value, Id) else value
        result = await service(**given)
    except DomainError as error:
        return payload.failed(user_errors(error, info.context.locale), subject=error.subject)
    return payload.of(result)
