"""Joining, leaving, approvals, invites, roles, ownership and bans."""

from __future__ import annotations

from collections.abc import Awaitable

import strawberry
from strawberry import relay

from models.circles import Membership
from schema.circles.enums import MembershipRoleEnum
from schema.circles.mutations.payloads import CircleInvitePayload, MembershipPayload, failed
from schema.circles.types import CircleInviteType, CircleMembershipNode
from schema.core.context import Info
from schema.members.inputs import decode_id, decode_optional_id
from services.circles import invites, membership, roles
from services.errors import DomainError


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
    role: MembershipRoleEnum = strawberry.field(description="MODERATOR or MEMBER.")


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


async def _run(info: Info, call: Awaitable[Membership]) -> MembershipPayload:
    try:
        row = await call
    except DomainError as error:
        return MembershipPayload(errors=failed(error, info))
    return MembershipPayload(membership=CircleMembershipNode.from_model(row))


def _circle(input: CircleInput | CircleMemberInput | SetMemberRoleInput) -> int:
    return decode_id(input.circle_id, "Circle", "circleId")


def _member(input: CircleMemberInput | SetMemberRoleInput) -> int:
    return decode_id(input.member_id, "Member", "memberId")


@strawberry.type
class MembershipMutations:
    @strawberry.mutation(
        description="Join an OPEN circle, or ask to join an APPROVAL circle (PENDING)."
    )
    async def join_circle(self, info: Info, input: CircleInput) -> MembershipPayload:
        viewer = await info.context.require_viewer()
        try:
            circle_id = _circle(input)
        except DomainError as error:
            return MembershipPayload(errors=failed(error, info))
        return await _run(info, membership.join_circle(actor=viewer, circle_id=circle_id))

    @strawberry.mutation(description="Admit a pending request (circle moderators).")
    async def approve_membership(
        self, info: Info, input: MembershipDecisionInput
    ) -> MembershipPayload:
        viewer = await info.context.require_viewer()
        try:
            key = decode_id(input.membership_id, "CircleMembership", "membershipId")
        except DomainError as error:
            return MembershipPayload(errors=failed(error, info))
        return await _run(info, membership.approve_membership(actor=viewer, membership_id=key))

    @strawberry.mutation(description="Turn down a pending request (circle moderators).")
    async def reject_membership(
        self, info: Info, input: MembershipDecisionInput
    ) -> MembershipPayload:
        viewer = await info.context.require_viewer()
        try:
            key = decode_id(input.membership_id, "CircleMembership", "membershipId")
        except DomainError as error:
            return MembershipPayload(errors=failed(error, info))
        return await _run(info, membership.reject_membership(actor=viewer, membership_id=key))

    @strawberry.mutation(description="Leave a circle (owners transfer ownership first).")
    async def leave_circle(self, info: Info, input: CircleInput) -> MembershipPayload:
        viewer = await info.context.require_viewer()
        try:
            circle_id = _circle(input)
        except DomainError as error:
            return MembershipPayload(errors=failed(error, info))
        return await _run(info, membership.leave_circle(actor=viewer, circle_id=circle_id))

    @strawberry.mutation(description="Hand the circle to another member (owner).")
    async def transfer_ownership(self, info: Info, input: CircleMemberInput) -> MembershipPayload:
        viewer = await info.context.require_viewer()
        try:
            circle_id, member_id = _circle(input), _member(input)
        except DomainError as error:
            return MembershipPayload(errors=failed(error, info))
        return await _run(
            info,
            roles.transfer_ownership(actor=viewer, circle_id=circle_id, to_member_id=member_id),
        )

    @strawberry.mutation(description="Make a member a moderator or a plain member (owner).")
    async def set_member_role(self, info: Info, input: SetMemberRoleInput) -> MembershipPayload:
        viewer = await info.context.require_viewer()
        try:
            circle_id, member_id = _circle(input), _member(input)
        except DomainError as error:
            return MembershipPayload(errors=failed(error, info))
        return await _run(
            info,
            roles.set_member_role(
                actor=viewer, circle_id=circle_id, member_id=member_id, role=input.role
            ),
        )

    @strawberry.mutation(description="Ban a member from the circle (moderators).")
    async def ban_member(self, info: Info, input: CircleMemberInput) -> MembershipPayload:
        viewer = await info.context.require_viewer()
        try:
            circle_id, member_id = _circle(input), _member(input)
        except DomainError as error:
            return MembershipPayload(errors=failed(error, info))
        return await _run(
            info, roles.ban_member(actor=viewer, circle_id=circle_id, member_id=member_id)
        )

    @strawberry.mutation(description="Lift a ban: the member may join again (moderators).")
    async def unban_member(self, info: Info, input: CircleMemberInput) -> MembershipPayload:
        viewer = await info.context.require_viewer()
        try:
            circle_id, member_id = _circle(input), _member(input)
        except DomainError as error:
            return MembershipPayload(errors=failed(error, info))
        return await _run(
            info, roles.unban_member(actor=viewer, circle_id=circle_id, member_id=member_id)
        )

    @strawberry.mutation(description="Create an invite code (circle moderators).")
    async def create_invite(self, info: Info, input: CreateInviteInput) -> CircleInvitePayload:
        viewer = await info.context.require_viewer()
        try:
            invite = await invites.create_invite(
                actor=viewer,
                circle_id=decode_id(input.circle_id, "Circle", "circleId"),
                max_uses=input.max_uses,
                valid_hours=input.valid_hours,
                invitee_id=decode_optional_id(input.invitee_id, "Member", "inviteeId"),
            )
        except DomainError as error:
            return CircleInvitePayload(errors=failed(error, info))
        return CircleInvitePayload(invite=CircleInviteType.from_model(invite))

    @strawberry.mutation(description="Join a circle with an invite code.")
    async def join_with_invite(self, info: Info, input: JoinWithInviteInput) -> MembershipPayload:
        viewer = await info.context.require_viewer()
        return await _run(info, invites.join_with_invite(actor=viewer, code=input.code))
