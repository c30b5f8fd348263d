"""The ``Member`` type and how every read path builds it: through ``member_nodes``, which
applies the privacy rule to a whole batch (other domains returning members use it too). Other
domains add fields to it through ``MEMBER_MIXINS`` (``schema/member_fields.py``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import strawberry
from strawberry import relay

from models.members import Member
from schema.core.context import Info
from schema.core.ids import key_of, type_name
from schema.member_fields import MEMBER_MIXINS
from schema.members.access import audit_reads, profile_accesses, reveal
from schema.members.loaders import MemberByIdLoader, VehiclesByOwnerLoader
from schema.members.vehicles import VehicleNode
from services.members import privacy
from services.members.deletion import PSEUDONYM, pseudonym_handle
from services.members.privacy import BADGES, GARAGE, PROFILE, ProfileAccess, Reader


@strawberry.type(
    name="Member",
    description="A member of the community (会员). Handle, display name and avatar are always "
    "shown; the rest follows the member's privacy settings and is null where hidden.",
)
class MemberNode(*MEMBER_MIXINS, relay.Node):  # type: ignore[misc]  # bases from a registry
    member_id: relay.NodeID[int]
    handle: str = strawberry.field(description="Unique handle, shown as @handle.")
    display_name: str = strawberry.field(description="Name shown to others.")
    avatar_url: str | None = strawberry.field(description="Avatar image (https URL).")
    profile_visible: bool = strawberry.field(
        description="Whether the reader may see the profile; when false, city, bio, "
        "memberSince and vehicles are null."
    )
    badges_visible: bool = strawberry.field(
        description="Whether the reader may see this member's badges (badge fields return "
        "nothing when false)."
    )
    is_viewer: bool = strawberry.field(description="This member is the signed-in viewer.")
    is_deleted: bool = strawberry.field(
        description="The account was deleted: the member shows as a pseudonym."
    )
    model: strawberry.Private[Member]
    access: strawberry.Private[ProfileAccess]
    reader: strawberry.Private[Reader]

    @strawberry.field(description="City the member rides from.")
    def city(self, info: Info) -> str | None:
        return reveal(info, self.reader, self.member_id, self.access, PROFILE, self.model.city)

    @strawberry.field(description="About the member, in their words.")
    def bio(self, info: Info) -> str | None:
        return reveal(info, self.reader, self.member_id, self.access, PROFILE, self.model.bio)

    @strawberry.field(description="When the member joined (入会时间).")
    def member_since(self, info: Info) -> datetime | None:
        return reveal(
            info, self.reader, self.member_id, self.access, PROFILE, self.model.created_at
        )

    @strawberry.field(
        description="The member's garage, null when hidden. Plates are shown to the owner "
        "only, VINs to nobody."
    )
    def vehicles(self, info: Info) -> list[VehicleNode] | None:
        if not self.access.sees(GARAGE):
            return None
        return self._garage(info)  # type: ignore[return-value]  # awaited only when visible

    async def _garage(self, info: Info) -> list[VehicleNode]:
        if GARAGE in self.access.audited:
            await audit_reads(info, self.reader, [(self.member_id, self.access)])
        vehicles = await info.context.loaders.get(VehiclesByOwnerLoader).load(self.member_id)
        return [VehicleNode.from_model(v, owner=self.access.owner) for v in vehicles]

    @classmethod
    def build(cls, member: Member, access: ProfileAccess, reader: Reader) -> MemberNode:
        deleted = member.deleted_at is not None
        return cls(
            member_id=member.id,
            handle=pseudonym_handle(member.id) if deleted else member.handle,
            display_name=PSEUDONYM if deleted else member.display_name,
            avatar_url=None if deleted else member.avatar_url,
            profile_visible=access.sees(PROFILE),
            badges_visible=access.sees(BADGES),
            is_viewer=reader.member_id == member.id,
            is_deleted=deleted,
            model=member,
            access=access,
            reader=reader,
        )

    @classmethod
    def from_model(cls, member: Member) -> MemberNode:
        """A name-only view (handle, display name, avatar) for code without a reader at hand.
        Anything that may show more goes through ``member_nodes``."""
        return cls.build(member, privacy.NO_ACCESS, privacy.ANONYMOUS)

    @classmethod
    def for_owner(cls, member: Member) -> MemberNode:
        """The member as they see themself (mutation payloads, ``viewer.member``)."""
        reader = Reader(member_id=member.id)
        return cls.build(member, privacy.OWNER_ACCESS, reader)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # relay.Node overloads it on `required`
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[MemberNode | None]:
        keys = [key_of(relay.GlobalID(type_name(cls), raw), cls) for raw in node_ids]
        return await member_nodes_by_id(info, keys)


async def member_nodes(info: Info, members: Sequence[Member | None]) -> list[MemberNode | None]:
    """``Member`` objects for ``members`` as this request's reader may see them. Every field or
    query returning members goes through here (or ``member_nodes_by_id``)."""
    reader, accesses = await profile_accesses(info, members)
    return [
        MemberNode.build(member, access, reader) if member is not None and access else None
        for member, access in zip(members, accesses, strict=True)
    ]


async def member_nodes_by_id(
    info: Info, member_ids: Sequence[int | None]
) -> list[MemberNode | None]:
    """Like ``member_nodes`` for ids (loaded in one batch; None where absent)."""
    wanted = [member_id for member_id in member_ids if member_id is not None]
    loaded = await info.context.loaders.get(MemberByIdLoader).load_many(wanted)
    by_id = {member.id: member for member in loaded if member is not None}
    return await member_nodes(
        info, [by_id.get(member_id) if member_id is not None else None for member_id in member_ids]
    )
