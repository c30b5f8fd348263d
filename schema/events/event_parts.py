"""What an ``Event`` carries besides its own fields: its requirements, the ones the viewer
does not meet, its organizers, and the filter of its registrations."""

from __future__ import annotations

import strawberry

from models.members import Drivetrain
from schema.core.context import Info
from schema.events.enums import OrganizerRoleEnum, RegistrationStatusEnum
from schema.members.types import MemberNode, member_nodes_by_id
from services.errors import ErrorCode


@strawberry.type(description="What a member needs to sign up for an event.")
class EventRequirements:
    min_tier: str | None = strawberry.field(
        description="Lowest tier key (SILVER, GOLD, DIAMOND) allowed, null for any."
    )
    badges: list[str] = strawberry.field(description="Keys of the badges a member must hold.")
    drivetrain: Drivetrain | None = strawberry.field(
        description="Least capable drivetrain (2WD < AWD < 4WD) the vehicle needs, the "
        "stronger of the event's and its route's; null when any vehicle will do."
    )
    inspection_within_days: int | None = strawberry.field(
        description="A dealer inspection of the vehicle, passed at most this many days before "
        "the start, is needed; null when none is."
    )


@strawberry.type(description="One requirement the viewer does not meet yet.")
class UnmetRequirement:
    code: ErrorCode = strawberry.field(description="What sign-up would fail with.")
    requirement: str = strawberry.field(
        description="What it is about: status, signup, tier, badges, vehicle, drivetrain or "
        "inspection."
    )
    message: str = strawberry.field(description="What is missing, in the viewer's locale.")


@strawberry.type(description="A member designated on an event.")
class EventOrganizerType:
    role: OrganizerRoleEnum = strawberry.field(description="What they do on the event.")
    member_id: strawberry.Private[int]

    @strawberry.field(description="The member (as the viewer may see them).")
    async def member(self, info: Info) -> MemberNode | None:
        return (await member_nodes_by_id(info, [self.member_id]))[0]


@strawberry.input(description="Narrows an event's registrations.")
class RegistrationFilterInput:
    status: RegistrationStatusEnum | None = strawberry.field(
        default=None, description="Only this status."
    )
