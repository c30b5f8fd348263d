"""Account types: the token pair and the staff roles."""

from __future__ import annotations

from datetime import datetime

import strawberry

from models.accounts import StaffRole
from schema.core.enums import describe_values
from services.accounts.pairs import TokenPair

# registers the GraphQL enum on the model's enum class itself, which fields then name directly
strawberry.enum(
    StaffRole,
    name="StaffRole",
    description="Platform staff roles. Admins hold every permission of the others.",
)
describe_values(
    StaffRole,
    {
        "ADMIN": "Every permission of the other roles, and staff roles.",
        "MODERATOR": "Moderates circles, certifications and clone reviews.",
        "DEALER": "Verifies coupons, records inspections, sells and inspects parts.",
        "ISSUER": "A part maker: lists part models and commissions units.",
    },
)


@strawberry.type(description="An access token with the refresh token that renews it.")
class AuthTokens:
    access_token: str = strawberry.field(
        description="Short-lived bearer token for the Authorization header."
    )
    access_token_expires_at: datetime = strawberry.field(
        description="When the access token stops being accepted."
    )
    refresh_token: str = strawberry.field(
        description="Single-use token that refreshTokens exchanges for a new pair. Keep secret."
    )
    refresh_token_expires_at: datetime = strawberry.field(
        description="When the refresh token expires if it is not used before."
    )

    @classmethod
    def from_pair(cls, pair: TokenPair) -> AuthTokens:
        return cls(
            access_token=pair.access_token,
            access_token_expires_at=pair.access_token_expires_at,
            refresh_token=pair.refresh_token,
            refresh_token_expires_at=pair.refresh_token_expires_at,
        )
