"""``UserError`` and the ``ErrorCode`` enum every mutation payload reports."""

from __future__ import annotations

import strawberry
from strawberry.utils.str_converters import to_camel_case

from services.errors import DomainError
from services.errors import ErrorCode as DomainErrorCode

ErrorCode = strawberry.enum(
    DomainErrorCode,
    name="ErrorCode",
    description="What went wrong, for the client to switch on. Codes never change meaning.",
)


@strawberry.type(description="An expected failure of a mutation. Nothing was changed.")
class UserError:
    code: ErrorCode = strawberry.field(description="Machine-readable reason.")
    field: list[str] | None = strawberry.field(
        description="Path to the input field at fault, if one is."
    )
    message: str = strawberry.field(description="Human-readable text in the viewer's locale.")


def user_errors(error: DomainError, locale: str) -> list[UserError]:
    """The payload ``errors`` of a refusal, in the viewer's locale."""
    return [
        UserError(code=error.code, field=input_path(error.field), message=error.message(locale))
    ]


def input_path(field: list[str | int] | None) -> list[str] | None:
    """The GraphQL path of a service's ``field``: ``event_id`` → ``["input", "eventId"]``,
    ``("checklist", 3, "item")`` → ``["input", "checklist", "3", "item"]``."""
    if not field:
        return None
    if field[0] == "input":  # already a GraphQL path
        return [str(part) for part in field]
    return [
        "input",
        *(to_camel_case(part) if isinstance(part, str) else str(part) for part in field),
    ]
