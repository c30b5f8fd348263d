"""``UserError`` and the ``ErrorCode`` enum every mutation payload reports."""

from __future__ import annotations

import strawberry

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
    return [UserError(code=error.code, field=error.field, message=error.message(locale))]
