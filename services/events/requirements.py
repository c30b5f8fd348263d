"""Whether a member may sign up for events: the event's status and sign-up window (with the
tier priority window), minimum tier, badges held, the vehicle's drivetrain and a recent passed
dealer inspection.

``unmet_requirements`` evaluates many events for one member in a constant number of queries, so
lists ("events I can join") use it as well as sign-up. Drivetrains are ordered
2WD < AWD < 4WD: a 4WD vehicle (low range) satisfies an AWD requirement, an AWD one a 2WD
requirement, never the other way round. The required drivetrain is the stronger of the event's
and its route's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from models.badges import Badge, MemberBadge
from models.events import Event, EventStatus, Inspection
from models.loyalty import MemberTier
from models.members import Drivetrain
from services.core.rows import stored
from services.core.sql import Sql
from services.errors import DomainError, ErrorCode
from services.loyalty.tiers import tier_table

#: Drivetrain strength: a vehicle satisfies a requirement of equal or lower strength.
DRIVETRAIN_RANK = {Drivetrain.TWO_WD: 0, Drivetrain.AWD: 1, Drivetrain.FOUR_WD: 2}


@dataclass(frozen=True)
class Unmet:
    """One requirement the member does not meet: a code to switch on, what it is about
    (``status``, ``signup``, ``tier``, ``badges``, ``vehicle``, ``drivetrain``,
    ``inspection``) and the parameters of its message."""

    code: ErrorCode
    requirement: str
    detail: Mapping[str, Any] = field(default_factory=dict)
    message_key: str | None = None

    def error(self, field: str | None = None) -> DomainError:
        return DomainError(self.code, field=field, message_key=self.message_key, **self.detail)


def satisfies(vehicle: Drivetrain | str, required: Drivetrain | str | None) -> bool:
    if required is None:
        return True
    return DRIVETRAIN_RANK[Drivetrain(vehicle)] >= DRIVETRAIN_RANK[Drivetrain(required)]


def required_drivetrain(event: Event, route_drivetrain: str | None) -> Drivetrain | None:
    """The stronger of the event's and its route's drivetrain requirement."""
    wanted = [d for d in (event.required_drivetrain, route_drivetrain) if d]
    strongest = max(wanted, key=lambda d: DRIVETRAIN_RANK[Drivetrain(d)], default=None)
    return Drivetrain(strongest) if strongest else None


def local_start_date(event: Event) -> date:
    return event.starts_at.astimezone(ZoneInfo(event.time_zone)).date()


@dataclass(frozen=True)
class TierRow:
    """What the sign-up window needs of a tier (lighter than the ORM row)."""

    key: str
    rank: int
    name_zh: str
    name_en: str
    early_signup_hours: int


@dataclass(frozen=True)
class _Facts:
    """What the checks need about the member, loaded once for all events."""

    tiers: list[TierRow]
    rank: int
    badges: set[str]
    badge_names: dict[str, tuple[str, str]]
    vehicles: list[tuple[int, Drivetrain]]
    #: route id -> its required drivetrain (None for any)
    routes: dict[int, str | None]
    #: vehicle id -> dates of passed inspections
    inspections: dict[int, list[date]]


async def unmet_requirements(
    member_id: int,
    events: Sequence[Event],
    *,
    vehicle_id: int | None = None,
    now: datetime,
) -> dict[int, list[Unmet]]:
    """Each event's unmet requirements for the member (an empty list when they may sign up
    now). With ``vehicle_id`` the vehicle requirements are checked on that vehicle (it must be
    the member's); without, they are met when ANY of the member's vehicles meets them all.
    At most seven queries whatever the number of events (four without badge or inspection
    requirements)."""
    if not events:
        return {}
    facts = await _load_facts(member_id, events, vehicle_id)
    return {event.id: _check(event, facts, now) for event in events}


async def _load_facts(member_id: int, events: Sequence[Event], vehicle_id: int | None) -> _Facts:
    db = Sql()
    tiers, rank = await _tiers_and_rank(db, member_id)
    garage = await db.rows(
        "SELECT v.id, m.drivetrain FROM vehicles v JOIN vehicle_models m ON m.id = v.model_id "
        "WHERE v.owner_id = ?" + (" AND v.id = ?" if vehicle_id is not None else ""),
        member_id, *([vehicle_id] if vehicle_id is not None else []),
    )  # fmt: skip
    vehicles = [(int(row["id"]), Drivetrain(row["drivetrain"])) for row in garage]
    route_rows = await db.rows(
        "SELECT id, required_drivetrain FROM routes WHERE id IN {ids}",
        db.ids({event.route_id for event in events}),
    )
    routes = {int(row["id"]): row["required_drivetrain"] for row in route_rows}
    return await _with_badges_and_inspections(member_id, events, tiers, rank, vehicles, routes)


async def _with_badges_and_inspections(
    member_id: int, events: Sequence[Event], tiers: list[TierRow], rank: int,
    vehicles: list[tuple[int, Drivetrain]], routes: dict[int, str | None],
) -> _Facts:  # fmt: skip
    """The facts, with the badges and inspections read only when some event asks for them."""
    wanted = sorted({key for event in events for key in event.required_badges or []})
    held: set[str] = set()
    names: dict[str, tuple[str, str]] = {}
    if wanted:
        keys: list[Any] = await MemberBadge.filter(
            member_id=member_id, badge__key__in=wanted
        ).values_list("badge__key", flat=True)
        held = {str(key) for key in keys}
        for key, zh, en in await Badge.filter(key__in=wanted).values_list(
            "key", "name_zh", "name_en"
        ):
            names[key] = (zh, en)
    inspections: dict[int, list[date]] = {}
    if vehicles and any(event.inspection_within_days for event in events):
        rows = await Inspection.filter(
            vehicle_id__in=[vid for vid, _ in vehicles], passed=True
        ).values_list("vehicle_id", "inspected_on")
        for vid, day in rows:
            inspections.setdefault(int(vid), []).append(day)
    return _Facts(tiers, rank, held, names, vehicles, routes, inspections)


@dataclass(frozen=True)
class SignUpFacts:
    """An event and what signing up for it with one vehicle needs to know, from one read."""

    event: Event
    unmet: list[Unmet]
    #: the member's spendable points (0 without an account)
    balance: int
    #: the event belongs to an INVITE circle the member is not an ACTIVE member of
    outsider: bool = False


#: The event, its route's drivetrain, the member's tier rank and balance, the chosen
#: vehicle's drivetrain (NULL when it is not the member's) and whether the event's circle is
#: an INVITE one the member is not in, in one round trip.
_SIGN_UP_READ = (
    "SELECT e.*, rt.required_drivetrain AS route_drivetrain, "
    "(SELECT rank FROM member_tiers WHERE member_id = ?) AS member_rank, "
    "(SELECT balance FROM points_accounts WHERE member_id = ?) AS member_balance, "
    "(SELECT m.drivetrain FROM vehicles v JOIN vehicle_models m ON m.id = v.model_id "
    "WHERE v.id = ? AND v.owner_id = ?) AS vehicle_drivetrain, "
    "c.join_policy = 'INVITE' AND NOT EXISTS (SELECT 1 FROM circle_memberships cm "
    "WHERE cm.circle_id = e.circle_id AND cm.member_id = ? AND cm.status = 'ACTIVE') "
    "AS outsider "
    "FROM events e JOIN circles c ON c.id = e.circle_id "
    "LEFT JOIN routes rt ON rt.id = e.route_id WHERE e.id = ?"
)


async def sign_up_facts(
    member_id: int, event_id: int, vehicle_id: int, *, now: datetime
) -> SignUpFacts | None:
    """What ``sign_up`` checks, in one statement for the common event (the tier table only
    when the event has a minimum tier or is in its priority window, badges and inspections only
    when required). None when there is no such event. The unmet requirements are those
    ``unmet_requirements`` finds for the same vehicle."""
    db = Sql()
    row = await db.first(
        _SIGN_UP_READ, member_id, member_id, vehicle_id, member_id, member_id, event_id
    )
    if row is None:
        return None
    outsider = bool(row.pop("outsider"))
    route_drivetrain = row.pop("route_drivetrain")
    rank = int(row.pop("member_rank") or 0)
    balance = int(row.pop("member_balance") or 0)
    drivetrain = row.pop("vehicle_drivetrain")
    event = stored(Event, row)
    tiers = await _tier_table(db) if _needs_tiers(event, now) else []
    vehicles = [] if drivetrain is None else [(vehicle_id, Drivetrain(drivetrain))]
    facts = await _with_badges_and_inspections(
        member_id, [event], tiers, rank, vehicles, {event.route_id: route_drivetrain}
    )
    return SignUpFacts(event, _check(event, facts, now), balance, outsider)


def _needs_tiers(event: Event, now: datetime) -> bool:
    return bool(event.min_tier) or (
        event.status == EventStatus.PUBLISHED and now < event.signup_opens_at
    )


async def _tiers_and_rank(db: Sql, member_id: int) -> tuple[list[TierRow], int]:
    """The tier table by rank and the member's current rank, in one statement (the built-in
    defaults when the table is empty)."""
    rows = await db.rows(
        'SELECT "key", rank, name_zh, name_en, early_signup_hours, '
        "(SELECT rank FROM member_tiers WHERE member_id = ?) AS member_rank "
        "FROM tiers ORDER BY rank",
        member_id,
    )
    if not rows:
        rank: list[Any] = await MemberTier.filter(member_id=member_id).values_list(
            "rank", flat=True
        )
        return await _default_tiers(), int(rank[0]) if rank else 0
    member_rank = rows[0]["member_rank"]
    return _tier_rows(rows), int(member_rank) if member_rank is not None else 0


async def _tier_table(db: Sql) -> list[TierRow]:
    rows = await db.rows(
        'SELECT "key", rank, name_zh, name_en, early_signup_hours FROM tiers ORDER BY rank'
    )
    return _tier_rows(rows) if rows else await _default_tiers()


def _tier_rows(rows: list[dict[str, Any]]) -> list[TierRow]:
    return [
        TierRow(r["key"], int(r["rank"]), r["name_zh"], r["name_en"], int(r["early_signup_hours"]))
        for r in rows
    ]


async def _default_tiers() -> list[TierRow]:
    return [
        TierRow(t.key, t.rank, t.name_zh, t.name_en, t.early_signup_hours)
        for t in await tier_table()
    ]


def _check(event: Event, facts: _Facts, now: datetime) -> list[Unmet]:
    unmet = _window(event, facts, now)
    unmet += _tier(event, facts)
    missing = [key for key in event.required_badges or [] if key not in facts.badges]
    if missing:
        zh = "、".join(facts.badge_names.get(key, (key, key))[0] for key in missing)
        en = ", ".join(facts.badge_names.get(key, (key, key))[1] for key in missing)
        unmet.append(Unmet(ErrorCode.BADGES_MISSING, "badges",
                           {"badges_zh": zh, "badges_en": en, "keys": missing}))  # fmt: skip
    unmet += _vehicle(event, facts)
    return unmet


def _window(event: Event, facts: _Facts, now: datetime) -> list[Unmet]:
    if event.status != EventStatus.PUBLISHED:
        return [Unmet(ErrorCode.EVENT_NOT_OPEN, "status", {"status": event.status.value})]
    if now >= event.signup_closes_at:
        return [
            Unmet(ErrorCode.SIGNUP_CLOSED, "signup", {"closes": _local(event, "signup_closes_at")})
        ]
    if now >= event.signup_opens_at:
        return []
    own = _tier_row(facts)
    if now >= event.signup_opens_at - timedelta(hours=own.early_signup_hours):
        return []
    opens = _local(event, "signup_opens_at")
    early = [
        t
        for t in facts.tiers
        if now >= event.signup_opens_at - timedelta(hours=t.early_signup_hours)
    ]
    if early:
        first = min(early, key=lambda t: t.rank)
        return [Unmet(ErrorCode.PRIORITY_WINDOW, "signup", {
            "opens": opens, "tier": first.key, "tier_zh": first.name_zh, "tier_en": first.name_en,
            "hours": first.early_signup_hours,
        })]  # fmt: skip
    return [Unmet(ErrorCode.SIGNUP_NOT_OPEN, "signup", {"opens": opens})]


def _tier(event: Event, facts: _Facts) -> list[Unmet]:
    if not event.min_tier:
        return []
    needed = next((t for t in facts.tiers if t.key == event.min_tier), None)
    if needed is None or facts.rank >= needed.rank:
        return []
    detail = {"tier": needed.key, "tier_zh": needed.name_zh, "tier_en": needed.name_en}
    return [Unmet(ErrorCode.TIER_TOO_LOW, "tier", detail, message_key="event.tier_too_low")]


def _vehicle(event: Event, facts: _Facts) -> list[Unmet]:
    if not facts.vehicles:
        return [Unmet(ErrorCode.REQUIREMENT_NOT_MET, "vehicle", {"what": "vehicle"},
                      message_key="event.vehicle_required")]  # fmt: skip
    drive = required_drivetrain(event, facts.routes.get(event.route_id))
    capable = [vid for vid, d in facts.vehicles if satisfies(d, drive)]
    if not capable:
        return [Unmet(ErrorCode.DRIVETRAIN_NOT_MET, "drivetrain", {"drivetrain": str(drive)})]
    days = event.inspection_within_days
    if days is None:
        return []
    last = local_start_date(event)
    earliest = last - timedelta(days=days)
    if any(earliest <= day <= last for vid in capable for day in facts.inspections.get(vid, [])):
        return []
    return [Unmet(ErrorCode.INSPECTION_REQUIRED, "inspection", {"days": days})]


def _tier_row(facts: _Facts) -> TierRow:
    return next((t for t in facts.tiers if t.rank == facts.rank), facts.tiers[0])


def _local(event: Event, name: str) -> str:
    return local_time(getattr(event, name), event.time_zone)


def local_time(moment: datetime, time_zone: str) -> str:
    """``moment`` as the event's wall clock shows it, with the zone named so that a reader
    elsewhere is not misled: ``2026-12-05 09:00 Asia/Shanghai (UTC+08:00)``."""
    local = moment.astimezone(ZoneInfo(time_zone))
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} {time_zone} (UTC{offset[:3]}:{offset[3:]})"
