"""The route catalog: official routes (created by staff or from accepted member proposals) and
the filtered lists events and members browse."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models.members import Drivetrain
from models.routes import Route, Terrain
from services.errors import Forbidden, InvalidInput, NotFound
from services.members.validation import text
from services.pagination import Page, PageArgs, keyset_page

NAME_MAX = 64
REGION_MAX = 64
DESCRIPTION_MAX = 10_000
MAX_DISTANCE_KM = 5000.0
_STAFF = frozenset({"admin", "moderator"})


@dataclass(frozen=True)
class RouteSpec:
    """Checked fields of a route (or of a proposal for one)."""

    name: str
    region: str
    terrain: Terrain
    difficulty: int
    distance_km: float
    required_drivetrain: Drivetrain | None
    name_en: str = ""


def check_spec(
    *,
    name: str,
    region: str,
    terrain: Terrain | str,
    difficulty: int,
    distance_km: float,
    required_drivetrain: Drivetrain | str | None = None,
    name_en: str | None = None,
) -> RouteSpec:
    """Raises INVALID_INPUT for a blank name or region, a difficulty outside 1-5 or a
    distance outside (0, 5000] km."""
    clean_name = text(name, name="name", max_length=NAME_MAX, required=True)
    clean_region = text(region, name="region", max_length=REGION_MAX, required=True)
    if not isinstance(difficulty, int) or not 1 <= difficulty <= 5:
        raise InvalidInput(field="difficulty", message_key="route.difficulty")
    if not 0 < float(distance_km) <= MAX_DISTANCE_KM:
        raise InvalidInput(field="distance_km", message_key="route.distance")
    return RouteSpec(
        name=clean_name or "",
        region=clean_region or "",
        terrain=Terrain(terrain),
        difficulty=difficulty,
        distance_km=round(float(distance_km), 1),
        required_drivetrain=Drivetrain(required_drivetrain) if required_drivetrain else None,
        name_en=text(name_en, name="name_en", max_length=NAME_MAX) or "",
    )


async def insert_route(
    spec: RouteSpec,
    *,
    description: str = "",
    created_by_id: int | None,
    source_proposal_id: int | None = None,
    using: BaseDBAsyncClient | None = None,
) -> Route:
    """Store a checked route (in the caller's transaction when ``using`` is given)."""
    values: dict[str, Any] = spec.__dict__.copy()
    return await Route.create(
        **values,
        description=description,
        created_by_id=created_by_id,
        source_proposal_id=source_proposal_id,
        using_db=using,
    )


async def create_route(
    *,
    actor: Any,
    name: str,
    region: str,
    terrain: Terrain,
    difficulty: int,
    distance_km: float,
    required_drivetrain: Drivetrain | None = None,
    name_en: str | None = None,
    description: str | None = None,
) -> Route:
    """Staff (admin or moderator) add a route to the catalog."""
    if _STAFF.isdisjoint(actor.roles):
        raise Forbidden(message_key="staff.only")
    spec = check_spec(
        name=name,
        region=region,
        terrain=terrain,
        difficulty=difficulty,
        distance_km=distance_km,
        required_drivetrain=required_drivetrain,
        name_en=name_en,
    )
    clean_description = text(description, name="description", max_length=DESCRIPTION_MAX) or ""
    return await insert_route(spec, description=clean_description, created_by_id=actor.member.id)


async def get_route(route_id: int) -> Route:
    route = await Route.filter(id=route_id).first()
    if route is None:
        raise NotFound(field=["routeId"])
    return route


@dataclass(frozen=True)
class RouteFilter:
    terrain: Terrain | None = None
    min_difficulty: int | None = None
    max_difficulty: int | None = None
    #: Routes a vehicle with this drivetrain may drive (4WD drives everything, AWD what needs
    #: AWD or less, 2WD only routes without a requirement or needing 2WD).
    drivetrain: Drivetrain | None = None
    #: Part of the name, English name or region.
    text: str | None = None


_DRIVABLE = {
    Drivetrain.FOUR_WD: [Drivetrain.FOUR_WD, Drivetrain.AWD, Drivetrain.TWO_WD],
    Drivetrain.AWD: [Drivetrain.AWD, Drivetrain.TWO_WD],
    Drivetrain.TWO_WD: [Drivetrain.TWO_WD],
}


def filtered_routes(route_filter: RouteFilter) -> QuerySet[Route]:
    query = Route.all()
    if route_filter.terrain is not None:
        query = query.filter(terrain=route_filter.terrain)
    if route_filter.min_difficulty is not None:
        query = query.filter(difficulty__gte=route_filter.min_difficulty)
    if route_filter.max_difficulty is not None:
        query = query.filter(difficulty__lte=route_filter.max_difficulty)
    if route_filter.drivetrain is not None:
        allowed = _DRIVABLE[Drivetrain(route_filter.drivetrain)]
        query = query.filter(
            Q(required_drivetrain__isnull=True) | Q(required_drivetrain__in=allowed)
        )
    words = (route_filter.text or "").strip()[:64]
    if words:
        query = query.filter(
            Q(name__icontains=words) | Q(name_en__icontains=words) | Q(region__icontains=words)
        )
    return query


async def list_routes(*, route_filter: RouteFilter, args: PageArgs) -> Page[Route]:
    """One keyset page of the catalog, newest first (one query)."""
    return await keyset_page(filtered_routes(route_filter), order=["-id"], args=args)
