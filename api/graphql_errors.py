"""Request errors: failures found before execution, reported without ``data``."""

from __future__ import annotations

from typing import Any

from services.i18n import translate


class RequestError(Exception):
    """A failure before execution, reported without ``data``.

    ``errors`` carries GraphQL errors already formatted (parse and validation errors keep
    graphql-core's English text and locations); otherwise the message is the catalog's
    ``request.<message_key>`` in the request's locale."""

    def __init__(
        self,
        code: str,
        status: int = 400,
        *,
        message: str | None = None,
        message_key: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        extensions: dict[str, Any] | None = None,
        field: list[Any] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(message or code)
        self.code = code
        self.status = status
        self.message = message
        self.message_key = message_key or code
        self.errors = errors
        self.extensions = extensions
        #: Where in the request the fault is (a variable's path), shown as ``extensions.field``.
        self.field = field
        self.params = params

    def formatted(self, locale: str) -> list[dict[str, Any]]:
        if self.errors is not None:
            return self.errors
        message = self.message or translate(f"request.{self.message_key}", locale, **self.params)
        extensions: dict[str, Any] = {"code": self.code}
        if self.field is not None:
            extensions["field"] = self.field
        return [{"message": message, "extensions": extensions}]
