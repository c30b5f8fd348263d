"""Changing the viewer's profile and privacy settings."""

from __future__ import annotations

import strawberry

from schema.core.context import Info
from schema.core.runner import run
from schema.members.inputs import UpdatePrivacyInput, UpdateProfileInput, given
from schema.members.mutations.payloads import UpdatePrivacyPayload, UpdateProfilePayload
from services.members import profile


@strawberry.type
class ProfileMutations:
    @strawberry.mutation(description="Change the viewer's profile.")
    async def update_profile(self, info: Info, input: UpdateProfileInput) -> UpdateProfilePayload:
        return await run(
            info,
            UpdateProfilePayload,
            profile.update_profile,
            display_name=given(input.display_name),
            avatar_url=given(input.avatar_url),
            city=given(input.city),
            bio=given(input.bio),
            locale=given(input.locale),
        )

    @strawberry.mutation(description="Change who sees the viewer's profile, garage and badges.")
    async def update_privacy(self, info: Info, input: UpdatePrivacyInput) -> UpdatePrivacyPayload:
        return await run(
            info,
            UpdatePrivacyPayload,
            profile.update_privacy,
            visibility=given(input.visibility),
            show_garage=given(input.show_garage),
            show_badges=given(input.show_badges),
        )
