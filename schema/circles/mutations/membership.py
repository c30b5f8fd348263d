"""Joining, leaving, approvals, invites, roles, ownership and bans."""

from __future__ import annotations

import strawberry
from strawberry import relay

from schema.circles.enums import MembershipRole
from schema.circles.mutations.payloads import CircleInvitePayload, MembershipPayload
from schema.circles.types import CircleMembershipNode, CircleNode
from schema.core.context import Info
from schema.core.ids import Id
from schema.core.runner import run
from schema.members.types import MemberNode
from services.circles import invites, membership, roles


@strawberry.input(description="The circle to join, leave or act on.")
class CircleInput:
    circle_id: relay.GlobalID = strawberry.field(description="The circle.")


@strawberry.input(description="A pending request to decide.")
class MembershipDecisionInput:
    membership_id: relay.GlobalID = strawberry.field(description="The CircleMembership.")


@strawberry.input(description="A member of a circle to act on.")
class CircleMemberInput:
    circle_id: relay.GlobalID = strawberry.field(description="The circle.")
    member_id: relay.GlobalID = strawberry.field(description="The member.")


@strawberry.input(description="A member's new role (owner only).")
class SetMemberRoleInput:
    circle_id: relay.GlobalID = strawberry.field(description="The circle.")
    member_id: relay.GlobalID = strawberry.field(description="The member.")
    role: MembershipRole = strawberry.field(description="MODERATOR or MEMBER.")


@strawberry.input(description="A new invite code (moderators).")
class CreateInviteInput:
    circle_id: relay.GlobalID = strawberry.field(description="The circle.")
    max_uses: int = strawberry.field(default=1, description="1-100 uses.")
    valid_hours: int = strawberry.field(default=168, description="1-720 hours.")
    invitee_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Only this member may use it (and is notified)."
    )


@strawberry.input(description="An invite code to join with.")
class JoinWithInviteInput:
    code: str = strawberry.field(description="The code.")


@strawberry.type
class MembershipMutations:
    @strawberry.mutation(
        description="Join an OPEN circle, or ask to join an APPROVAL circle (PENDING)."
    )
    async def join_circle(self, info: Info, input: CircleInput) -> MembershipPayload:
        return await run(
            info,
            MembershipPayload,
            membership.join_circle,
            circle_id=Id(input.circle_id, CircleNode),
        )

    @strawberry.mutation(description="Admit a pending request (circle moderators).")
    async def approve_membership(
        self, info: Info, input: MembershipDecisionInput
    ) -> MembershipPayload:
        return await run(
            info,
            MembershipPayload,
            membership.approve_membership,
            membership_id=Id(input.membership_id, CircleMembershipNode),
        )

    @strawberry.mutation(description="Turn down a pending request (circle moderators).")
    async def reject_membership(
        self, info: Info, input: MembershipDecisionInput
    ) -> MembershipPayload:
        return await run(
            info,
            MembershipPayload,
            membership.reject_membership,
            membership_id=Id(input.membership_id, CircleMembershipNode),
        )

    @strawberry.mutation(description="Leave a circle (owners transfer ownership first).")
    async def leave_circle(self, info: Info, input: CircleInput) -> MembershipPayload:
        return await run(
            info,
            MembershipPayload,
            membership.leave_circle,
            circle_id=Id(input.circle_id, CircleNode),
        )

    @strawberry.mutation(description="Hand the circle to another member (owner).")
    async def transfer_ownership(self, info: Info, input: CircleMemberInput) -> MembershipPayload:
        return await run(
            info,
            MembershipPayload,
            roles.transfer_ownership,
            circle_id=Id(input.circle_id, CircleNode),
            member_id=Id(input.member_id, MemberNode),
        )

    @strawberry.mutation(description="Make a member a moderator or a plain member (owner).")
    async def set_member_role(self, info: Info, input: SetMemberRoleInput) -> MembershipPayload:
        return await run(
            info,
            MembershipPayload,
            roles.set_member_role,
            circle_id=Id(input.circle_id, CircleNode),
            member_id=Id(input.member_id, MemberNode),
            role=input.role,
        )

    @strawberry.mutation(description="Ban a member from the circle (moderators).")
    async def ban_member(self, info: Info, input: CircleMemberInput) -> MembershipPayload:
        return await run(
            info,
            MembershipPayload,
            roles.ban_member,
            circle_id=Id(input.circle_id, CircleNode),
            member_id=Id(input.member_id, MemberNode),
        )

    @strawberry.mutation(description="Lift a ban: the member may join again (moderators).")
    async def unban_member(self, info: Info, input: CircleMemberInput) -> MembershipPayload:
        return await run(
            info,
            MembershipPayload,
            roles.unban_member,
            circle_id=Id(input.circle_id, CircleNode),
            member_id=Id(input.member_id, MemberNode),
        )

    @strawberry.mutation(description="Create an invite code (circle moderators).")
    async def create_invite(self, info: Info, input: CreateInviteInput) -> CircleInvitePayload:
        return await run(
            info,
            CircleInvitePayload,
            invites.create_invite,
            circle_id=Id(input.circle_id, CircleNode),
            max_uses=input.max_uses,
            valid_hours=input.valid_hours,
            invitee_id=Id(input.invitee_id, MemberNode, optional=True),
        )

    @strawberry.mutation(description="Join a circle with an invite code.")
    async def join_with_invite(self, info: Info, input: JoinWithInviteInput) -> MembershipPayload:
        return await run(info, MembershipPayload, invites.join_with_invite, code=input.code)
