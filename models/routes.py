"""The route catalog: official off-road routes that events run on."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from models.members import Drivetrain

if TYPE_CHECKING:
    from models.circles import RouteProposal
    from models.members import Member


class Terrain(StrEnum):
    DESERT = "DESERT"
    MOUNTAIN = "MOUNTAIN"
    FOREST = "FOREST"
    SNOW = "SNOW"
    MUD = "MUD"
    ROCK = "ROCK"
    BEACH = "BEACH"


class Route(Model):
    """An official route, created by staff or from an accepted member proposal."""

    id = fields.BigIntField(primary_key=True)
    name = fields.CharField(max_length=64)
    name_en = fields.CharField(max_length=64, default="")
    #: Where the route lies, e.g. 内蒙古阿拉善.
    region = fields.CharField(max_length=64)
    terrain = fields.CharEnumField(Terrain, max_length=10)
    #: 1 (gentle) to 5 (experts only).
    difficulty = fields.SmallIntField()
    distance_km = fields.FloatField()
    #: Least capable drivetrain the route needs, NULL when any vehicle will do.
    required_drivetrain = fields.CharEnumField(Drivetrain, max_length=3, null=True)
    description = fields.TextField(default="")
    #: The member proposal this route came from, unique so a proposal yields one route.
    source_proposal: fields.OneToOneNullableRelation[RouteProposal] = fields.OneToOneField(
        "models.RouteProposal", related_name="route", null=True, on_delete=fields.SET_NULL
    )
    source_proposal_id: int | None
    created_by: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "models.Member", related_name="created_routes", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "routes"
        indexes = [("terrain", "difficulty")]


#: Range checks PostgreSQL enforces beside the service's own validation.
POSTGRES_DDL: list[str] = [
    "ALTER TABLE routes ADD CONSTRAINT routes_difficulty_range CHECK (difficulty BETWEEN 1 AND 5)",
    "ALTER TABLE routes ADD CONSTRAINT routes_distance_positive CHECK (distance_km > 0)",
]
