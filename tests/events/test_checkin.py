"""Check-in with the signed code: a valid scan checks in and captures the fee once; forged,
foreign, cancelled and voided codes are refused with their codes; replays and concurrent scans
move nothing twice."""

from __future__ import annotations

import asyncio

import pytest
from tortoise.transactions import in_transaction

from models.events import Event, EventStatus, Registration, RegistrationStatus
from models.loyalty import EntryKind, HoldStatus, LedgerEntry, PointsAccount, PointsHold
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode
from services.events import checkin, completion
from tests.events.ops_support import acting
from tests.factories import make_event, make_member, make_registration, started_event


async def _fee_event():
    organizer = await make_member("organizer")
    event = await started_event(organizer, fee_points=100)
    return organizer, event


async def test_a_valid_scan_checks_in_and_captures_the_fee(gql):
    # given
    organizer, event = await _fee_event()
    member, registration = await make_registration(event, fee=True)
    code = checkin.checkin_code(registration)
    # when
    result = await checkin.check_in(actor=acting(organizer), event_id=event.id, code=code)
    # then
    assert result.replayed is False
    assert result.registration.status == RegistrationStatus.CHECKED_IN
    assert result.registration.checked_in_at is not None
    hold = await PointsHold.get(idempotency_key=registration.fee_hold_key)
    assert hold.status == HoldStatus.CAPTURED
    account = await PointsAccount.get(member_id=member.member.id)
    assert (account.balance, account.held) == (100, 0)


async def test_a_replayed_scan_returns_the_same_result_and_moves_nothing(gql):
    # given
    organizer, event = await _fee_event()
    member, registration = await make_registration(event, fee=True)
    code = checkin.checkin_code(registration)
    first = await checkin.check_in(actor=acting(organizer), event_id=event.id, code=code)
    entries = await LedgerEntry.filter(member_id=member.member.id).count()
    # when
    again = await checkin.check_in(actor=acting(organizer), event_id=event.id, code=code)
    # then
    assert again.replayed is True
    assert again.registration.id == first.registration.id
    assert again.registration.checked_in_at == first.registration.checked_in_at
    assert await LedgerEntry.filter(member_id=member.member.id).count() == entries


async def test_a_forged_code_is_refused(gql):
    # given: a code whose registration id was edited, keeping the old signature
    organizer, event = await _fee_event()
    _, registration = await make_registration(event)
    _, other = await make_registration(event)
    parts = checkin.checkin_code(registration).split(".")
    parts[1] = str(other.id)
    # when / then
    for forged in (".".join(parts), "CVY1.1.2.abc.xyz", "", "hello"):
        with pytest.raises(DomainError) as refused:
            await checkin.check_in(actor=acting(organizer), event_id=event.id, code=forged)
        assert refused.value.code == ErrorCode.INVALID_CODE
    assert (await Registration.get(id=other.id)).status == RegistrationStatus.CONFIRMED


async def test_a_code_of_another_event_is_refused(gql):
    # given: the organizer runs both events, the code belongs to the second one
    organizer, event = await _fee_event()
    other_event = await started_event(organizer)
    _, registration = await make_registration(other_event)
    # when
    with pytest.raises(DomainError) as refused:
        await checkin.check_in(
            actor=acting(organizer), event_id=event.id, code=checkin.checkin_code(registration)
        )
    # then
    assert refused.value.code == ErrorCode.WRONG_EVENT
    assert (await Registration.get(id=registration.id)).status == RegistrationStatus.CONFIRMED


async def test_a_cancelled_registrations_code_is_refused(gql):
    organizer, event = await _fee_event()
    _, registration = await make_registration(event, status=RegistrationStatus.CANCELLED)
    with pytest.raises(DomainError) as refused:
        await checkin.check_in(
            actor=acting(organizer), event_id=event.id, code=checkin.checkin_code(registration)
        )
    assert refused.value.code == ErrorCode.REGISTRATION_INACTIVE
    assert (await Registration.get(id=registration.id)).status == RegistrationStatus.CANCELLED


async def test_a_code_whose_nonce_was_replaced_no_longer_works(gql):
    organizer, event = await _fee_event()
    _, registration = await make_registration(event)
    code = checkin.checkin_code(registration)
    await Registration.filter(id=registration.id).update(checkin_nonce="fresh-nonce")
    with pytest.raises(DomainError) as refused:
        await checkin.check_in(actor=acting(organizer), event_id=event.id, code=code)
    assert refused.value.code == ErrorCode.INVALID_CODE


async def test_scanning_needs_organizer_or_crew_rights(gql):
    _, event = await _fee_event()
    member, registration = await make_registration(event)
    with pytest.raises(DomainError) as refused:
        await checkin.check_in(
            actor=acting(member), event_id=event.id, code=checkin.checkin_code(registration)
        )
    assert refused.value.code == ErrorCode.FORBIDDEN
    assert (await Registration.get(id=registration.id)).status == RegistrationStatus.CONFIRMED


async def test_a_draft_or_cancelled_event_checks_in_nobody(gql):
    organizer = await make_member("organizer")
    event = await make_event(organizer=organizer, status="CANCELLED")
    _, registration = await make_registration(event)
    with pytest.raises(DomainError) as refused:
        await checkin.check_in(
            actor=acting(organizer), event_id=event.id, code=checkin.checkin_code(registration)
        )
    assert refused.value.code == ErrorCode.REGISTRATION_INACTIVE


async def test_manual_check_in_by_an_organizer(gql):
    # given
    organizer, event = await _fee_event()
    member, registration = await make_registration(event, fee=True)
    # when: a stranger tries, then the organizer
    with pytest.raises(DomainError) as refused:
        await checkin.check_in_registration(actor=acting(member), registration_id=registration.id)
    done = await checkin.check_in_registration(
        actor=acting(organizer), registration_id=registration.id
    )
    # then
    assert refused.value.code == ErrorCode.FORBIDDEN
    assert done.registration.status == RegistrationStatus.CHECKED_IN
    assert (await PointsHold.get(idempotency_key=registration.fee_hold_key)).status == "CAPTURED"


async def test_ten_concurrent_scans_check_in_once_and_capture_once(gql):
    # given
    organizer, event = await _fee_event()
    member, registration = await make_registration(event, fee=True)
    code = checkin.checkin_code(registration)
    # when
    results = await asyncio.gather(
        *(
            checkin.check_in(actor=acting(organizer), event_id=event.id, code=code)
            for _ in range(10)
        )
    )
    # then
    assert sorted(result.replayed for result in results) == [False] + [True] * 9
    captures = await LedgerEntry.filter(member_id=member.member.id, kind=EntryKind.CAPTURE)
    assert len(captures) == 1
    account = await PointsAccount.get(member_id=member.member.id)
    assert (account.balance, account.held) == (100, 0)


async def test_the_code_is_shown_to_its_owner_while_confirmed_only(gql):
    _, event = await _fee_event()
    member, registration = await make_registration(event)
    stranger = await make_member("stranger")
    assert checkin.checkin_code_for(registration, member.member.id) == checkin.checkin_code(
        registration
    )
    assert checkin.checkin_code_for(registration, stranger.member.id) is None
    registration.status = RegistrationStatus.CHECKED_IN
    assert checkin.checkin_code_for(registration, member.member.id) is None


async def _until_waiting_on_locks(count: int) -> None:
    """Wait until ``count`` statements of this database wait on a lock (PostgreSQL)."""
    for _ in range(500):
        waiting = await Sql().scalar(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"
        )
        if int(waiting) >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"never saw {count} statements waiting on a lock")


async def test_a_scan_in_flight_when_the_event_closes_ends_up_completed(gql):
    # given: a scan whose UPDATE waits on its registration row, then the close of the event

    if not Sql().postgres:
        pytest.skip("SQLite runs one write transaction at a time")
    organizer = await make_member("organizer")
    event = await started_event(organizer)
    _, registration = await make_registration(event)
    locked, release = asyncio.Event(), asyncio.Event()

    async def hold_the_row() -> None:
        async with in_transaction() as conn:
            await Sql(conn).rows(
                "SELECT id FROM event_registrations WHERE id = ? FOR UPDATE", registration.id
            )
            locked.set()
            await release.wait()

    holder = asyncio.create_task(hold_the_row())
    await locked.wait()
    scan = asyncio.create_task(
        checkin.check_in(
            actor=acting(organizer), event_id=event.id, code=checkin.checkin_code(registration)
        )
    )
    await _until_waiting_on_locks(1)
    close = asyncio.create_task(
        completion.complete_event(actor=acting(organizer), event_id=event.id)
    )
    await _until_waiting_on_locks(2)
    # when
    release.set()
    await asyncio.wait_for(asyncio.gather(holder, scan, close), timeout=20)
    # then: the close saw the check-in: the registration is COMPLETED and paid
    assert scan.result().replayed is False
    stored = await Registration.get(id=registration.id)
    assert stored.status == RegistrationStatus.COMPLETED
    assert (
        await LedgerEntry.filter(
            member_id=registration.member_id, kind=EntryKind.EARN, reason="EVENT_COMPLETED"
        ).count()
        == 1
    )


async def test_scans_racing_the_close_leave_nobody_checked_in(gql):
    # given: twenty confirmed registrations

    organizer = await make_member("organizer")
    event = await started_event(organizer)
    registrations = [(await make_registration(event))[1] for _ in range(20)]

    async def scan(registration: Registration) -> bool:
        try:
            code = checkin.checkin_code(registration)
            await checkin.check_in(actor=acting(organizer), event_id=event.id, code=code)
        except DomainError as error:
            assert error.code == ErrorCode.REGISTRATION_INACTIVE
            return False
        return True

    # when: the scans and the close run at once
    results = await asyncio.gather(
        *(scan(registration) for registration in registrations[:10]),
        completion.complete_event(actor=acting(organizer), event_id=event.id),
        *(scan(registration) for registration in registrations[10:]),
    )
    # then: every accepted scan ended COMPLETED, every refused one NO_SHOW
    scanned = [result for result in results if isinstance(result, bool)]
    stored = {row.id: row.status for row in await Registration.filter(event_id=event.id)}
    expected = {
        registration.id: RegistrationStatus.COMPLETED if accepted else RegistrationStatus.NO_SHOW
        for registration, accepted in zip(registrations, scanned, strict=True)
    }
    assert stored == expected
    assert (await Event.get(id=event.id)).status == EventStatus.COMPLETED
