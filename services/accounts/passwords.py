"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

import asyncio
import re
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import Argon2Error, InvalidHashError

import runtime
from services.accounts.common_passwords import COMMON_PASSWORDS
from services.errors import DomainError, ErrorCode

MIN_LENGTH = 10
MAX_LENGTH = 128
#: A name part shorter than this is too common a substring to forbid.
MIN_FORBIDDEN_PART = 3

_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=4)
def _hasher(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def _current_hasher() -> PasswordHasher:
    settings = runtime.settings()
    return _hasher(
        settings.password_time_cost, settings.password_memory_cost, settings.password_parallelism
    )


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` with the configured cost."""
    return _current_hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``. False (never an exception) for a wrong
    password, an unusable or garbage hash."""
    try:
        return _current_hasher().verify(password_hash, password)
    except (Argon2Error, InvalidHashError, ValueError, TypeError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash was made with other parameters than the configured ones."""
    try:
        return _current_hasher().check_needs_rehash(password_hash)
    except (InvalidHashError, ValueError):
        return False


@lru_cache(maxsize=4)
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    return _hasher(time_cost, memory_cost, parallelism).hash("convoy-dummy-password-0")


def dummy_verify(password: str) -> None:
    """Spend the time of a real verification, so unknown accounts answer as slowly as known."""
    settings = runtime.settings()
    verify_password(
        _dummy_hash(
            settings.password_time_cost,
            settings.password_memory_cost,
            settings.password_parallelism,
        ),
        password,
    )


async def hash_password_async(password: str) -> str:
    """``hash_password`` off the event loop (argon2 is deliberately slow)."""
    return await asyncio.to_thread(hash_password, password)


async def verify_password_async(password_hash: str, password: str) -> bool:
    return await asyncio.to_thread(verify_password, password_hash, password)


async def dummy_verify_async(password: str) -> None:
    await asyncio.to_thread(dummy_verify, password)


def check_password_policy(
    password: str,
    *,
    handle: str | None = None,
    email: str | None = None,
    field: str = "password",
) -> None:
    """Raise WEAK_PASSWORD unless ``password`` has 10–128 characters, a letter and a digit, is not
    a common password and contains neither the handle nor the email's local part."""
    lowered = password.lower()
    forbidden = [handle or "", (email or "").split("@", 1)[0]]
    weak = (
        not MIN_LENGTH <= len(password) <= MAX_LENGTH
        or not _LETTER.search(password)
        or not _DIGIT.search(password)
        or lowered in COMMON_PASSWORDS
        or any(len(part) >= MIN_FORBIDDEN_PART and part.lower() in lowered for part in forbidden)
    )
    if weak:
        raise DomainError(ErrorCode.WEAK_PASSWORD, field=field)
