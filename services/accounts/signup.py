"""Signing up: an account with its member profile, created in one transaction."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.accounts import Account
from models.members import Member
from services import outbox
from services.accounts.identifiers import normalize_email, normalize_mobile, validate_handle
from services.accounts.pairs import Authenticated, issue_token_pair
from services.accounts.passwords import check_password_policy, hash_password_async
from services.errors import DomainError, ErrorCode
from services.i18n import normalize_locale

DISPLAY_NAME_MAX = 64
CITY_MAX = 64


def _text(value: str | None, *, name: str, max_length: int, required: bool) -> str | None:
    text = (value or "").strip()
    if not text:
        if required:
            raise DomainError(ErrorCode.INVALID_INPUT, field=name)
        return None
    if len(text) > max_length:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            field=name,
            message_key="value.too_long",
            max=max_length,
        )
    return text


def _taken(error: IntegrityError) -> DomainError:
    """Which unique constraint refused the row (names differ by database, columns do not)."""
    text = str(error).lower()
    if "handle_key" in text:
        return DomainError(ErrorCode.HANDLE_TAKEN, field="handle")
    if "mobile" in text:
        return DomainError(ErrorCode.MOBILE_TAKEN, field="mobile")
    if "email" in text:
        return DomainError(ErrorCode.EMAIL_TAKEN, field="email")
    raise error


async def create_account_with_member(
    *,
    email: str | None,
    mobile: str | None,
    password_hash: str,
    handle: str,
    display_name: str,
    locale: str,
    city: str | None,
    roles: list[str],
    using: BaseDBAsyncClient,
) -> tuple[Account, Member]:
    """Insert the account and its member through ``using`` (inside the caller's transaction).
    Duplicates are refused by the unique constraints, which holds under concurrent sign-ups:
    raises EMAIL_TAKEN, MOBILE_TAKEN or HANDLE_TAKEN."""
    try:
        account = await Account.create(
            email=email, mobile=mobile, password_hash=password_hash, roles=roles, using_db=using
        )
        member = await Member.create(
            account=account,
            handle=handle,
            handle_key=handle.lower(),
            display_name=display_name,
            locale=locale,
            city=city,
            using_db=using,
        )
    except IntegrityError as exc:
        raise _taken(exc) from exc
    return account, member


async def sign_up(
    *,
    email: str | None,
    mobile: str | None,
    password: str,
    handle: str,
    display_name: str,
    locale: str = "zh-CN",
    city: str | None = None,
) -> Authenticated:
    """Create an account (email and/or mobile, argon2-hashed password that passed the policy)
    and its member, sign them in (a new refresh-token family) and record ``member.signed_up``,
    all in one transaction. Bad input raises a DomainError and writes nothing."""
    email = normalize_email(email) if email and email.strip() else None
    mobile = normalize_mobile(mobile) if mobile and mobile.strip() else None
    if email is None and mobile is None:
        raise DomainError(ErrorCode.INVALID_INPUT, field="email", message_key="login.missing")
    handle = validate_handle(handle)
    name = _text(display_name, name="display_name", max_length=DISPLAY_NAME_MAX, required=True)
    city = _text(city, name="city", max_length=CITY_MAX, required=False)
    check_password_policy(password, handle=handle, email=email)
    password_hash = await hash_password_async(password)
    async with in_transaction() as conn:
        account, member = await create_account_with_member(
            email=email,
            mobile=mobile,
            password_hash=password_hash,
            handle=handle,
            display_name=name or handle,
            locale=normalize_locale(locale),
            city=city,
            roles=[],
            using=conn,
        )
        tokens = await issue_token_pair(account, member, using=conn)
        await outbox.record(
            "member.signed_up", {"member_id": member.id, "account_id": account.id}, using=conn
        )
    return Authenticated(account, member, tokens)
