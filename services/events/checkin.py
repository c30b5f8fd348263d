"""Check-in at the meeting point: a signed one-time code per registration (the QR payload the
member shows), scanned by the crew, or a manual check-in by an organizer.

Code format: ``CVY1.<registration id>.<event id>.<nonce>.<mac>`` where ``mac`` is the
base64url HMAC-SHA256 of everything before it under the settings' ``secret_key``. The nonce is
the registration's ``checkin_nonce``: replacing it voids every code shown so far.

Guarantees: the status moves CONFIRMED -> CHECKED_IN in one conditional UPDATE, so of any
number of concurrent scans exactly one checks in; the others, and later replays, return the
same registration with ``replayed=True``. The fee hold is captured after the status change
and again on every replay: capturing a captured hold is a no-op, so a crash between the two is
healed by the next scan and no points ever move twice. A check-in and the closing of its
event exclude each other (the scan holds the event row in share mode): a scan either commits
before the close, which then completes the registration, or finds the event closed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

import runtime
from models.events import Event, EventStatus, Registration, RegistrationStatus
from services.core import clock
from services.core.actors import Actor
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode, NotFound
from services.events.access import get_event, require_organizer
from services.events.requirements import local_time
from services.loyalty import ledger

PREFIX = "CVY1"
_CODE = re.compile(r"CVY1\.(\d{1,18})\.(\d{1,18})\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{43})")


@dataclass(frozen=True)
class CheckedIn:
    registration: Registration
    #: True when the registration was already checked in (a replayed scan): nothing moved.
    replayed: bool


@dataclass(frozen=True)
class ScannedCode:
    registration_id: int
    event_id: int
    nonce: str


def checkin_window(event: Event) -> tuple[datetime, datetime]:
    """When check-in opens (the event's ``checkin_opens_hours_before`` its start) and closes
    (its end)."""
    opens = event.starts_at - timedelta(hours=event.checkin_opens_hours_before)
    return opens, event.ends_at


def _mac(message: str) -> str:
    key = runtime.settings().secret_key.encode()
    digest = hmac.new(key, message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def checkin_code(registration: Registration) -> str:
    """The QR payload of ``registration`` (show it to its member only)."""
    body = f"{PREFIX}.{registration.id}.{registration.event_id}.{registration.checkin_nonce}"
    return f"{body}.{_mac(body)}"


def checkin_code_for(registration: Registration, member_id: int | None) -> str | None:
    """The code when ``member_id`` owns a CONFIRMED registration, else None."""
    if member_id is None or registration.member_id != member_id:
        return None
    if registration.status != RegistrationStatus.CONFIRMED:
        return None
    return checkin_code(registration)


def read_code(code: str) -> ScannedCode:
    """The parts of an authentic code; INVALID_CODE when malformed or not signed by us."""
    match = _CODE.fullmatch((code or "").strip())
    if match is None:
        raise DomainError(ErrorCode.INVALID_CODE, field="code")
    body, mac = match.group(0).rsplit(".", 1)
    if not hmac.compare_digest(_mac(body), mac):
        raise DomainError(ErrorCode.INVALID_CODE, field="code")
    return ScannedCode(int(match.group(1)), int(match.group(2)), match.group(3))


async def check_in(
    *, actor: Actor, event_id: int, code: str, now: datetime | None = None
) -> CheckedIn:
    """Check in the registration behind a scanned ``code`` at event ``event_id`` (crew only).
    INVALID_CODE for a forged code or one whose nonce was replaced, WRONG_EVENT for a code of
    another event, REGISTRATION_INACTIVE when the registration is not CONFIRMED (cancelled,
    waitlisted …) and not already checked in, CHECKIN_NOT_OPEN outside the event's check-in
    window (``checkin_window``; a replay of a done check-in is still answered)."""
    scanned = read_code(code)
    event = await get_event(event_id)
    await require_organizer(actor, event, crew=True)
    if scanned.event_id != event.id:
        raise DomainError(ErrorCode.WRONG_EVENT, field="code")
    return await _check_in(scanned.registration_id, event, scanned.nonce, actor, now)


async def check_in_registration(
    *, actor: Actor, registration_id: int, now: datetime | None = None
) -> CheckedIn:
    """Check in a registration by hand (the member forgot their phone): same rules as a scan."""
    registration = await Registration.get_or_none(id=registration_id)
    if registration is None:
        raise NotFound(field="registration_id")
    event = await get_event(registration.event_id)
    await require_organizer(actor, event, crew=True, field="registration_id")
    return await _check_in(registration.id, event, None, actor, now)


async def _check_in(
    registration_id: int, event: Event, nonce: str | None, actor: Actor, now: datetime | None
) -> CheckedIn:
    now = now or clock.now()
    event_id = event.id
    opens, closes = checkin_window(event)
    if event.status == EventStatus.PUBLISHED and not opens <= now <= closes:
        done = await Registration.get_or_none(id=registration_id, event_id=event_id)
        if done is None or done.status != RegistrationStatus.CHECKED_IN:
            raise DomainError(
                ErrorCode.CHECKIN_NOT_OPEN,
                field="code" if nonce is not None else "registration_id",
                opens=local_time(opens, event.time_zone),
                closes=local_time(closes, event.time_zone),
            )
    nonce_clause = "" if nonce is None else "AND checkin_nonce = ? "
    async with in_transaction() as conn:
        db = Sql(conn)
        if db.postgres:
            # The event stays PUBLISHED until this commits: closing it (complete_event) waits
            # for the check-in and then completes the registration, instead of reading it as
            # CONFIRMED and leaving it CHECKED_IN. Scans share the lock, so they never wait
            # on each other. SQLite runs one write transaction at a time.
            await db.rows("SELECT id FROM events WHERE id = ? FOR SHARE", event_id)
        moved = await db.run(
            "UPDATE event_registrations SET status = 'CHECKED_IN', checked_in_at = {ts}, "
            "updated_at = {ts} WHERE id = ? AND event_id = ? AND status = 'CONFIRMED' "
            + nonce_clause
            + "AND EXISTS (SELECT 1 FROM events WHERE events.id = ? AND events.status = ?)",
            now, now, registration_id, event_id, *([] if nonce is None else [nonce]),
            event_id, EventStatus.PUBLISHED.value,
        )  # fmt: skip
    registration = await Registration.get_or_none(id=registration_id, event_id=event_id)
    if registration is None or (nonce is not None and registration.checkin_nonce != nonce):
        raise DomainError(ErrorCode.INVALID_CODE, field="code")
    if not moved and registration.status != RegistrationStatus.CHECKED_IN:
        raise DomainError(ErrorCode.REGISTRATION_INACTIVE, field="code")
    if registration.fee_hold_key:
        await ledger.capture(registration.fee_hold_key, actor=actor, now=now)
    return CheckedIn(registration, replayed=not moved)
