"""Typed domain errors. Each carries an ``ErrorCode`` the API exposes unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

from services.i18n import translate


class ErrorCode(Enum):
    """Codes never change meaning once released. Add new ones at the end of a group."""

    # generic
    INVALID_INPUT = "INVALID_INPUT"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    CONFLICT = "CONFLICT"
    RATE_LIMITED = "RATE_LIMITED"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    #: The key's first request was carried out so long ago that its result is no longer kept
    #: (``IDEMPOTENCY_RETENTION_DAYS``): nothing was done again, nothing can be replayed.
    IDEMPOTENCY_KEY_EXPIRED = "IDEMPOTENCY_KEY_EXPIRED"
    # accounts
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    WEAK_PASSWORD = "WEAK_PASSWORD"
    EMAIL_TAKEN = "EMAIL_TAKEN"
    MOBILE_TAKEN = "MOBILE_TAKEN"
    HANDLE_TAKEN = "HANDLE_TAKEN"
    INVALID_TOKEN = "INVALID_TOKEN"
    TOKEN_EXPIRED = "TOKEN_EXPIRED"
    TOKEN_REUSED = "TOKEN_REUSED"
    ACCOUNT_DELETED = "ACCOUNT_DELETED"
    # members
    VEHICLE_TAKEN = "VEHICLE_TAKEN"
    EXPORT_NOT_READY = "EXPORT_NOT_READY"
    # loyalty
    INSUFFICIENT_POINTS = "INSUFFICIENT_POINTS"
    OUT_OF_STOCK = "OUT_OF_STOCK"
    LIMIT_REACHED = "LIMIT_REACHED"
    TIER_TOO_LOW = "TIER_TOO_LOW"
    NOT_AVAILABLE = "NOT_AVAILABLE"
    ALREADY_USED = "ALREADY_USED"
    EXPIRED = "EXPIRED"
    ALREADY_DONE = "ALREADY_DONE"
    # events
    EVENT_FULL = "EVENT_FULL"
    ALREADY_REGISTERED = "ALREADY_REGISTERED"
    REQUIREMENT_NOT_MET = "REQUIREMENT_NOT_MET"
    INVALID_CODE = "INVALID_CODE"
    WRONG_EVENT = "WRONG_EVENT"
    REGISTRATION_INACTIVE = "REGISTRATION_INACTIVE"
    EVENT_NOT_STARTED = "EVENT_NOT_STARTED"
    NOT_PARTICIPANT = "NOT_PARTICIPANT"
    OUTSIDE_EVENT_WINDOW = "OUTSIDE_EVENT_WINDOW"
    NOT_COMPLETED = "NOT_COMPLETED"
    EVENT_NOT_OPEN = "EVENT_NOT_OPEN"
    SIGNUP_NOT_OPEN = "SIGNUP_NOT_OPEN"
    SIGNUP_CLOSED = "SIGNUP_CLOSED"
    PRIORITY_WINDOW = "PRIORITY_WINDOW"
    BADGES_MISSING = "BADGES_MISSING"
    DRIVETRAIN_NOT_MET = "DRIVETRAIN_NOT_MET"
    INSPECTION_REQUIRED = "INSPECTION_REQUIRED"
    CHECKIN_NOT_OPEN = "CHECKIN_NOT_OPEN"
    # circles
    ALREADY_MEMBER = "ALREADY_MEMBER"
    NOT_MEMBER = "NOT_MEMBER"
    BANNED = "BANNED"
    SLUG_TAKEN = "SLUG_TAKEN"
    INVITE_INVALID = "INVITE_INVALID"
    PROPOSAL_CLOSED = "PROPOSAL_CLOSED"
    ALREADY_VOTED = "ALREADY_VOTED"
    # badges
    UNKNOWN_CRITERION = "UNKNOWN_CRITERION"
    CRITERION_INVALID = "CRITERION_INVALID"
    INVALID_THRESHOLD = "INVALID_THRESHOLD"
    UNKNOWN_ROUTE = "UNKNOWN_ROUTE"
    UNKNOWN_TERRAIN = "UNKNOWN_TERRAIN"
    BADGE_KEY_TAKEN = "BADGE_KEY_TAKEN"
    # parts
    PART_NUMBER_TAKEN = "PART_NUMBER_TAKEN"
    UNKNOWN_CAPABILITY = "UNKNOWN_CAPABILITY"
    CLAIM_CODE_INVALID = "CLAIM_CODE_INVALID"
    CLAIM_CODE_USED = "CLAIM_CODE_USED"
    NOT_CUSTODIAN = "NOT_CUSTODIAN"
    PART_BLOCKED = "PART_BLOCKED"
    PART_RECALLED = "PART_RECALLED"
    EVENT_NOT_ALLOWED = "EVENT_NOT_ALLOWED"
    CHAIN_BUSY = "CHAIN_BUSY"
    REVIEW_CLOSED = "REVIEW_CLOSED"


class DomainError(Exception):
    """An expected failure: reported to the client as a ``UserError``, changes nothing.

    ``field`` names the argument at fault in the raising service's own words: a parameter name
    (``"event_id"``), or a path into one (``("checklist", 3, "item")``). The API maps it to the
    path of its input field.

    ``subject`` is what the refusal is about, for a caller entitled to see it (a used coupon
    shown to the dealer who tried it again); it was not changed either."""

    code: ErrorCode = ErrorCode.INVALID_INPUT
    subject: Any = None

    def __init__(
        self,
        code: ErrorCode | None = None,
        *,
        field: str | Sequence[str | int] | None = None,
        message_key: str | None = None,
        subject: Any = None,
        **params: Any,
    ) -> None:
        self.code = code or self.code
        self.subject = subject
        self.field: list[str | int] | None = (
            [field] if isinstance(field, str) else list(field) if field else None
        )
        self.message_key = message_key or self.code.value
        self.params = params
        super().__init__(self.message("en"))

    def message(self, locale: str) -> str:
        return translate(self.message_key, locale, **self.params)


class NotFound(DomainError):
    code = ErrorCode.NOT_FOUND


class Forbidden(DomainError):
    code = ErrorCode.FORBIDDEN


class InvalidInput(DomainError):
    code = ErrorCode.INVALID_INPUT
