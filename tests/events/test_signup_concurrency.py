"""Concurrent sign-ups, cancellations and offer acceptances: capacity is never exceeded, the
waitlist has no gaps and the fees held always equal the fees of the seated registrations."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from models.events import SEATED, Event, Registration, RegistrationStatus
from services.core.sql import Sql
from services.events.seats import waitlist_positions
from tests.events.support import pk, sign_up
from tests.events.test_waitlist import ACCEPT, CANCEL, act
from tests.factories import driver, make_event

FEE = 10


async def fees_held(event_id: int) -> int:
    """Points held for the event's fees, from the ledger's side."""
    return int(
        await Sql().scalar(
            "SELECT COALESCE(SUM(amount), 0) FROM points_holds WHERE status = 'HELD' "
            "AND reason = 'EVENT_FEE' AND source_ref LIKE ?",
            f"event:{event_id}:registration:%",
        )
    )


async def assert_consistent(event_id: int) -> Event:
    """Counters match the registrations, capacity holds and fees held match seated fees."""
    event = await Event.get(id=event_id)
    fee = event.fee_points
    seated = await Registration.filter(event_id=event_id, status__in=SEATED).count()
    waiting = await Registration.filter(
        event_id=event_id, status=RegistrationStatus.WAITLISTED
    ).count()
    confirmed = await Registration.filter(
        event_id=event_id, status=RegistrationStatus.CONFIRMED
    ).count()
    assert event.seats_taken == seated <= event.capacity
    assert event.waitlist_length == waiting
    assert await fees_held(event_id) == fee * confirmed
    return event


@pytest.mark.parametrize("fee", [0, FEE])
async def test_300_concurrent_sign_ups_for_20_seats(gql, fee):
    # given: a free event (one-statement path on PostgreSQL) or a paid one
    event = await make_event(capacity=20, fee_points=fee)
    drivers = [await driver(f"c{n}", points=FEE) for n in range(300)]
    # when
    payloads = await asyncio.gather(*(sign_up(gql, m, event, car) for m, car in drivers))
    # then: exactly 20 seats, 280 waiting at positions 1..280
    assert all(p["errors"] == [] for p in payloads)
    statuses = [p["registration"]["status"] for p in payloads]
    assert statuses.count("CONFIRMED") == 20
    assert statuses.count("WAITLISTED") == 280
    waiting = await Registration.filter(
        event_id=event.id, status=RegistrationStatus.WAITLISTED
    ).order_by("waitlist_seq")
    positions = await waitlist_positions(Sql(), [r.id for r in waiting])
    assert [positions[r.id] for r in waiting] == list(range(1, 281))
    assert sorted(r.waitlist_seq for r in waiting) == list(range(1, 281))
    stored = await assert_consistent(event.id)
    assert (stored.seats_taken, stored.waitlist_length) == (20, 280)


async def test_concurrent_cancellations_and_acceptances_never_exceed_capacity(gql):
    # given: 20 confirmed and 30 waiting
    event = await make_event(capacity=20, fee_points=FEE)
    people: list[tuple[Any, str]] = []
    for n in range(50):
        member, car = await driver(f"x{n}", points=FEE * 3)
        payload = await sign_up(gql, member, event, car)
        people.append((member, payload["registration"]["id"]))
    seated, waiting = people[:20], people[20:]
    # when: 25 cancellations (15 seated, 10 waiting) race 25 acceptances
    cancels = [act(gql, CANCEL, m, reg) for m, reg in seated[:15] + waiting[20:]]
    accepts = [act(gql, ACCEPT, m, reg) for m, reg in waiting[:20] + seated[15:20]]
    first = await asyncio.gather(*cancels, *accepts)
    await assert_consistent(event.id)
    # and: everyone offered accepts while the remaining seated cancel, all at once
    offered = [
        (m, reg) for m, reg in waiting
        if (await Registration.get(id=pk(reg))).status == RegistrationStatus.OFFERED
    ]  # fmt: skip
    second = await asyncio.gather(
        *(act(gql, ACCEPT, m, reg) for m, reg in offered),
        *(act(gql, CANCEL, m, reg) for m, reg in seated[15:]),
    )
    # then
    stored = await assert_consistent(event.id)
    allowed = {"REGISTRATION_INACTIVE", "ALREADY_DONE", "EXPIRED"}
    assert all({e["code"] for e in p["errors"]} <= allowed for p in first + second)
    assert stored.seats_taken == 20  # 30 waited, 20 left: every freed seat was refilled
    assert stored.waitlist_length + stored.seats_taken == 50 - 15 - 10 - 5


@pytest.mark.parametrize("fee", [0, FEE])
async def test_concurrent_retries_with_one_key_make_one_registration(gql, fee):
    # given
    event = await make_event(capacity=5, fee_points=fee)
    member, car = await driver("retry", points=FEE)
    # when: the same request five times at once
    payloads = await asyncio.gather(
        *(sign_up(gql, member, event, car, key="same") for _ in range(5))
    )
    # then: one registration, every answer naming it
    assert {p["registration"]["id"] for p in payloads if not p["errors"]} == {
        payloads[0]["registration"]["id"]
    }
    assert all(p["errors"] == [] for p in payloads)
    assert await Registration.filter(event_id=event.id).count() == 1
    await assert_consistent(event.id)
