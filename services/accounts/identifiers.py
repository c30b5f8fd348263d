"""Normalizing and validating the identifiers of an account: email, mobile number, handle."""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.errors import DomainError, ErrorCode

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")
_CN_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_HANDLE = re.compile(r"^[A-Za-z0-9_-]{3,32}$")
_SEPARATORS = re.compile(r"[\s\-().]")
EMAIL_MAX_LENGTH = 254


def normalize_email(value: str) -> str:
    """The lower-cased address. Raises INVALID_INPUT (``email.invalid``) when malformed."""
    email = value.strip().lower()
    if len(email) > EMAIL_MAX_LENGTH or not _EMAIL.match(email):
        raise DomainError(ErrorCode.INVALID_INPUT, field="email", message_key="email.invalid")
    return email


def normalize_mobile(value: str) -> str:
    """The E.164 form: an 11-digit Chinese mobile number gets ``+86``, other numbers must
    already carry their ``+`` country code. Raises INVALID_INPUT (``mobile.invalid``)."""
    digits = _SEPARATORS.sub("", value)
    if _CN_MOBILE.match(digits):
        return "+86" + digits
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not _E164.match(digits):
        raise DomainError(ErrorCode.INVALID_INPUT, field="mobile", message_key="mobile.invalid")
    return digits


def validate_handle(value: str) -> str:
    """The handle as given (case kept for display). Raises INVALID_INPUT (``handle.invalid``)."""
    if not _HANDLE.match(value):
        raise DomainError(ErrorCode.INVALID_INPUT, field="handle", message_key="handle.invalid")
    return value


@dataclass(frozen=True, slots=True)
class Login:
    """What a member signs in with: exactly one of email and mobile."""

    email: str | None = None
    mobile: str | None = None

    @property
    def key(self) -> str:
        return self.email or self.mobile or ""


def parse_login(value: str) -> Login | None:
    """An email (anything with ``@``) or a mobile number, None when it is neither."""
    try:
        if "@" in value:
            return Login(email=normalize_email(value))
        return Login(mobile=normalize_mobile(value))
    except DomainError:
        return None
