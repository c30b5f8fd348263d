"""signUpForEvent: seats, the waitlist, fees and every way a sign-up is refused."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from models.badges import BadgeGroup
from models.events import Event, Registration
from models.loyalty import PointsAccount, PointsHold
from models.members import Vehicle
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode
from services.events import seats
from services.events.seats import Placed
from services.loyalty import ledger
from tests.events.support import codes, gid, sign_up
from tests.factories import (
    SignedIn,
    award_badge,
    driver,
    make_badge,
    make_event,
    make_inspection,
    make_member,
    make_route,
    make_vehicle,
)


async def test_first_sign_ups_are_confirmed_with_the_fee_held_then_the_waitlist_fills(gql):
    # given: an event with two seats and a 30-point fee
    event = await make_event(capacity=2, fee_points=30)
    drivers = [await driver(f"d{n}", points=100) for n in range(4)]
    # when
    payloads = [await sign_up(gql, member, event, car) for member, car in drivers]
    # then
    assert [p["errors"] for p in payloads] == [[]] * 4
    regs = [p["registration"] for p in payloads]
    assert [r["status"] for r in regs] == ["CONFIRMED", "CONFIRMED", "WAITLISTED", "WAITLISTED"]
    assert [r["waitlistPosition"] for r in regs] == [None, None, 1, 2]
    assert regs[-1]["event"] == {
        "id": gid("Event", event.id), "seatsTaken": 2, "seatsLeft": 0, "capacity": 2,
        "waitlistLength": 2,
    }  # fmt: skip
    held = await PointsHold.filter(status="HELD").values_list("member_id", "amount")
    assert sorted(held) == sorted((m.member.id, 30) for m, _ in drivers[:2])
    accounts = dict(await PointsAccount.all().values_list("member_id", "held"))
    assert [accounts[m.member.id] for m, _ in drivers] == [30, 30, 0, 0]


@pytest.mark.parametrize("fee", [0, 10])
async def test_retrying_with_the_same_key_returns_the_same_registration(gql, fee):
    # given
    event = await make_event(fee_points=fee)
    member, car = await driver(points=50)
    first = await sign_up(gql, member, event, car, key="k-1")
    # when
    again = await sign_up(gql, member, event, car, key="k-1")
    # then
    assert again == first
    assert await Registration.filter(event_id=event.id).count() == 1
    assert (await PointsAccount.get(member_id=member.member.id)).held == fee


async def test_retrying_a_paid_sign_up_that_spent_every_point_returns_it(gql):
    # given: a member with exactly the fee, signed up (the fee is now held, the balance 0)
    event = await make_event(fee_points=40)
    member, car = await driver(points=40)
    first = await sign_up(gql, member, event, car, key="k-all")
    # when: the client retries (say after a timeout)
    again = await sign_up(gql, member, event, car, key="k-all")
    # then: the first result, not INSUFFICIENT_POINTS
    assert first["registration"]["status"] == "CONFIRMED"
    assert again == first
    assert (await PointsAccount.get(member_id=member.member.id)).held == 40


async def test_signing_up_twice_is_refused(gql):
    # given
    event = await make_event()
    member, car = await driver()
    await sign_up(gql, member, event, car)
    # when
    second = await sign_up(gql, member, event, car)
    # then
    assert codes(second) == ["ALREADY_REGISTERED"]
    assert (await Event.get(id=event.id)).seats_taken == 1


async def test_someone_elses_vehicle_is_refused(gql):
    # given
    event = await make_event()
    member, _ = await driver()
    other, their_car = await driver()
    # when
    payload = await sign_up(gql, member, event, their_car)
    # then
    assert codes(payload) == ["FORBIDDEN"]
    assert payload["errors"][0]["field"] == ["input", "vehicleId"]
    assert await Registration.all().count() == 0


async def test_outside_the_sign_up_window_is_refused(gql):
    # given
    now = datetime.now(UTC)
    closed = await make_event(
        signup_opens_at=now - timedelta(days=3), signup_closes_at=now - timedelta(hours=1)
    )
    later = await make_event(signup_opens_at=now + timedelta(days=3))
    member, car = await driver()
    # when
    too_late = await sign_up(gql, member, closed, car)
    too_early = await sign_up(gql, member, later, car)
    # then
    assert codes(too_late) == ["SIGNUP_CLOSED"]
    assert codes(too_early) == ["SIGNUP_NOT_OPEN"]
    opens = later.signup_opens_at.astimezone(ZoneInfo("Asia/Shanghai"))
    assert too_early["errors"][0]["message"] == (
        f"报名将于 {opens:%Y-%m-%d %H:%M} Asia/Shanghai (UTC+08:00) 开放。"
    )
    assert await Registration.all().count() == 0


async def test_priority_window_lets_gold_members_in_first(gql):
    # given: sign-up opens in 20 h; GOLD (24 h early) is inside its window, STANDARD is not
    event = await make_event(signup_opens_at=datetime.now(UTC) + timedelta(hours=20))
    standard, standard_car = await driver("standard")
    gold, gold_car = await driver("gold", points=8_000)
    # when
    refused = await sign_up(gql, standard, event, standard_car)
    accepted = await sign_up(gql, gold, event, gold_car)
    # then
    assert codes(refused) == ["PRIORITY_WINDOW"]
    assert "Gold" in refused["errors"][0]["message"] or "金卡" in refused["errors"][0]["message"]
    assert accepted["errors"] == []
    assert accepted["registration"]["status"] == "CONFIRMED"


async def test_missing_badge_is_named(gql):
    # given
    dune = await make_badge(
        "dune-master", name_zh="沙漠大师", name_en="Dune master", group=BadgeGroup.ROUTES
    )
    event = await make_event(required_badges=["dune-master"])
    member, car = await driver()
    holder, holder_car = await driver()
    await award_badge(holder, dune)
    # when
    refused = await sign_up(gql, member, event, car)
    accepted = await sign_up(gql, holder, event, holder_car)
    # then
    assert codes(refused) == ["BADGES_MISSING"]
    assert "沙漠大师" in refused["errors"][0]["message"]
    assert accepted["errors"] == []


async def test_minimum_tier_is_named(gql):
    # given
    event = await make_event(min_tier="SILVER")
    member, car = await driver()
    silver, silver_car = await driver(points=2_000)
    # when
    refused = await sign_up(gql, member, event, car)
    accepted = await sign_up(gql, silver, event, silver_car)
    # then
    assert codes(refused) == ["TIER_TOO_LOW"]
    assert "银卡会员" in refused["errors"][0]["message"]
    assert accepted["errors"] == []


async def test_drivetrain_must_be_at_least_the_required_one(gql):
    # given: 4WD satisfies AWD, 2WD does not
    event = await make_event(required_drivetrain="AWD")
    member = await make_member()
    two = await make_vehicle(member, "2WD")
    four = await make_vehicle(member, "4WD")
    # when
    refused = await sign_up(gql, member, event, two)
    accepted = await sign_up(gql, member, event, four)
    # then
    assert codes(refused) == ["DRIVETRAIN_NOT_MET"]
    assert "AWD" in refused["errors"][0]["message"]
    assert accepted["errors"] == []


async def test_route_drivetrain_counts_too(gql):
    # given
    event = await make_event(route=await make_route(required_drivetrain="4WD"))
    member, car = await driver(drivetrain="AWD")
    # when
    refused = await sign_up(gql, member, event, car)
    # then
    assert codes(refused) == ["DRIVETRAIN_NOT_MET"]


async def test_a_recent_passed_inspection_of_that_vehicle_is_required(gql):
    # given: within 30 days before the start; an old pass and a recent fail do not count
    event = await make_event(inspection_within_days=30)
    start = event.starts_at.date()
    member = await make_member()
    old, failed, good = [await make_vehicle(member) for _ in range(3)]
    await make_inspection(old, inspected_on=start - timedelta(days=45))
    await make_inspection(failed, passed=False, inspected_on=start - timedelta(days=5))
    await make_inspection(good, inspected_on=start - timedelta(days=12))
    # when
    results = [await sign_up(gql, member, event, car) for car in (old, failed)]
    accepted = await sign_up(gql, member, event, good)
    # then
    assert [codes(r) for r in results] == [["INSPECTION_REQUIRED"]] * 2
    assert "30" in results[0]["errors"][0]["message"]
    assert accepted["errors"] == []


async def test_too_few_points_for_the_fee_leaves_nothing_behind(gql):
    # given
    event = await make_event(fee_points=500)
    member, car = await driver(points=100)
    # when
    payload = await sign_up(gql, member, event, car)
    # then
    assert codes(payload) == ["INSUFFICIENT_POINTS"]
    assert await Registration.all().count() == 0
    assert (await Event.get(id=event.id)).seats_taken == 0
    assert await PointsHold.all().count() == 0
    account = await PointsAccount.get(member_id=member.member.id)
    assert (account.balance, account.held) == (100, 0)


async def test_joining_the_waitlist_needs_the_fee_but_holds_nothing(gql):
    # given: a full paid event
    event = await make_event(capacity=1, fee_points=50)
    first, first_car = await driver(points=50)
    await sign_up(gql, first, event, first_car)
    poor, poor_car = await driver(points=10)
    rich, rich_car = await driver(points=80)
    # when
    refused = await sign_up(gql, poor, event, poor_car)
    waiting = await sign_up(gql, rich, event, rich_car)
    # then
    assert codes(refused) == ["INSUFFICIENT_POINTS"]
    assert waiting["registration"]["status"] == "WAITLISTED"
    assert (await PointsAccount.get(member_id=rich.member.id)).held == 0


async def test_cancelled_and_draft_events_take_no_sign_ups(gql):
    # given
    cancelled = await make_event(status="CANCELLED")
    draft = await make_event(status="DRAFT")
    member, car = await driver()
    # when
    results = [await sign_up(gql, member, e, car) for e in (cancelled, draft)]
    # then
    assert [codes(r) for r in results] == [["EVENT_NOT_OPEN"]] * 2
    assert await Registration.all().count() == 0


async def test_unknown_event_and_vehicle_are_not_found(gql):
    # given
    event = await make_event()
    member, car = await driver()
    ghost = Event(id=10**9)
    # when
    no_event = await sign_up(gql, member, ghost, car)
    car.id = 10**9
    no_car = await sign_up(gql, member, event, car)
    # then
    assert codes(no_event) == ["NOT_FOUND"]
    assert codes(no_car) == ["NOT_FOUND"]


async def test_a_paid_seat_is_taken_with_its_fee_held_or_not_at_all(gql, monkeypatch):
    """The claim, the seat, the registration and the fee hold commit together: a hold that
    fails after the seat was taken (the points spent since the balance was read) leaves none
    of them; once the event is full, the next paid sign-up waits without a hold."""
    # given: a paid event with one seat, and two drivers
    event = await make_event(capacity=1, fee_points=20)
    (a, a_car), (b, b_car) = [await driver(f"w{n}", points=50) for n in range(2)]
    hold = ledger.hold

    async def spent(*args: Any, **kwargs: Any) -> Any:
        raise DomainError(ErrorCode.INSUFFICIENT_POINTS)

    # when: the seat is free but the hold fails
    monkeypatch.setattr(ledger, "hold", spent)
    refused = await sign_up(gql, a, event, a_car, key="paid-a")
    # then: no claim, no registration, no counter moved
    assert codes(refused) == ["INSUFFICIENT_POINTS"]
    assert await Registration.filter(event_id=event.id).count() == 0
    db = Sql()
    claims = 'SELECT COUNT(*) FROM idempotency_records WHERE "key" LIKE ?'
    assert not await db.scalar(claims, "%:paid-a")
    stored = await Event.get(id=event.id)
    assert (stored.seats_taken, stored.waitlist_length, stored.waitlist_seq) == (0, 0, 0)
    # when: the hold works again, the seat is taken with its fee and the next one waits
    monkeypatch.setattr(ledger, "hold", hold)
    seated = await sign_up(gql, a, event, a_car, key="paid-a")
    waiting = await sign_up(gql, b, event, b_car)
    # then
    assert seated["registration"]["status"] == "CONFIRMED"
    assert waiting["registration"]["status"] == "WAITLISTED"
    stored = await Event.get(id=event.id)
    assert (stored.seats_taken, stored.waitlist_length) == (1, 1)
    row = await Registration.get(event_id=event.id, member_id=b.member.id)
    assert (row.status, row.waitlist_seq, row.fee_hold_key) == ("WAITLISTED", 1, None)
    first = await Registration.get(event_id=event.id, member_id=a.member.id)
    assert first.fee_hold_key == f"event-fee:{first.id}"
    assert (await PointsAccount.get(member_id=a.member.id)).held == 20
    assert (await PointsAccount.get(member_id=b.member.id)).held == 0


async def test_the_one_statement_waitlist_place_never_takes_a_seat(gql):
    """On PostgreSQL a paid sign-up that looked full joins the waitlist in one statement that
    never takes a seat (a seat needs its fee held): with a seat free it changes nothing."""
    db = Sql()
    if not db.postgres:
        pytest.skip("the one-statement sign-up is PostgreSQL's")
    # given: a paid event with one seat, and two drivers
    event = await make_event(capacity=1, fee_points=20)
    (a, a_car), (b, b_car) = [await driver(f"w{n}", points=50) for n in range(2)]

    def attempt(member: SignedIn, car: Vehicle, key: str) -> Awaitable[Placed | None]:
        return seats.sign_up_at_once(
            db, key=key, digest="d", event_id=event.id, member_id=member.member.id,
            vehicle_id=car.id, passengers=0, nonce="n", now=datetime.now(UTC),
            waitlist_only=True,
        )  # fmt: skip

    # when: the seat is free
    nothing = await attempt(a, a_car, "direct-a")
    # then: no claim, no registration, no counter moved
    assert nothing is None
    assert await Registration.filter(event_id=event.id).count() == 0
    claims = 'SELECT COUNT(*) FROM idempotency_records WHERE "key" = ?'
    assert not await db.scalar(claims, "direct-a")
    assert (await Event.get(id=event.id)).seats_taken == 0
    # when: the seat is taken (its fee held), the next one joins the waitlist
    seated = await sign_up(gql, a, event, a_car)
    waiting = await attempt(b, b_car, "direct-b")
    # then
    assert seated["registration"]["status"] == "CONFIRMED"
    assert waiting is not None and not waiting.seated
    stored = await Event.get(id=event.id)
    assert (stored.seats_taken, stored.waitlist_length) == (1, 1)
    row = await Registration.get(event_id=event.id, member_id=b.member.id)
    assert (row.status, row.waitlist_seq, row.fee_hold_key) == ("WAITLISTED", 1, None)
    assert (await PointsAccount.get(member_id=b.member.id)).held == 0
