"""Builders of verified parts: issuers, dealers, part models and units in each custody."""

from __future__ import annotations

from typing import Any

from models.loyalty import DealerStaff
from models.parts import EventKind, PartCategory, PartModel, PartUnit
from services.core.actors import MemberActor
from services.parts import catalog, commissioning, custody
from services.parts.commissioning import Label
from tests.factories.members import SignedIn, make_member
from tests.factories.sequence import next_number


def actor(who: SignedIn) -> MemberActor:
    return MemberActor(id=who.member.id, roles=tuple(who.account.roles))


async def make_issuer(handle: str | None = None, **profile: Any) -> SignedIn:
    """A member whose account holds the issuer role (a brand or a maker)."""
    return await make_member(handle or f"issuer{next_number()}", roles=["issuer"], **profile)


async def make_dealer(dealer_code: str = "BJ-001", handle: str | None = None) -> SignedIn:
    """A member with the dealer role working for ``dealer_code``."""
    who = await make_member(handle or f"dealer{next_number()}", roles=["dealer"])
    await DealerStaff.create(member_id=who.member.id, dealer_code=dealer_code)
    return who


async def make_moderator(handle: str | None = None) -> SignedIn:
    return await make_member(handle or f"mod{next_number()}", roles=["moderator"])


async def make_part_model(issuer: SignedIn, **overrides: Any) -> PartModel:
    values: dict[str, Any] = {
        "maker": "WARN",
        "part_number": f"PN-{next_number()}",
        "name_zh": "12000磅电动绞盘",
        "name_en": "12,000 lb electric winch",
        "category": PartCategory.RECOVERY,
        "capability_tags": ["WINCH"],
    }
    values.update(overrides)
    return await catalog.create_part_model(actor=actor(issuer), **values)


async def commission(
    issuer: SignedIn, part: PartModel | None = None, count: int = 1, city: str | None = "天津"
) -> list[Label]:
    part = part or await make_part_model(issuer)
    return await commissioning.commission_units(
        actor=actor(issuer), part_model_id=part.id, count=count, city=city, max_count=count
    )


async def ship(issuer: SignedIn, label: Label, dealer_code: str = "BJ-001") -> None:
    await custody.record_event(
        actor=actor(issuer),
        unit_id=label.unit_id,
        kind=EventKind.SHIPPED_TO_DEALER,
        dealer_code=dealer_code,
        city="天津",
    )


async def sell(dealer: SignedIn, label: Label) -> None:
    await custody.record_event(
        actor=actor(dealer), unit_id=label.unit_id, kind=EventKind.SOLD, city="北京"
    )


async def owned_unit(
    issuer: SignedIn, owner: SignedIn, dealer: SignedIn | None = None
) -> tuple[Label, PartUnit]:
    """A unit commissioned, shipped to a dealer, sold and claimed by ``owner``."""
    dealer = dealer or await make_dealer()
    staff = await DealerStaff.get(member_id=dealer.member.id)
    (label,) = await commission(issuer)
    await ship(issuer, label, staff.dealer_code)
    await sell(dealer, label)
    unit = await custody.claim_part(
        actor=actor(owner), code=label.code, claim_code=label.claim_code
    )
    return label, unit
