"""Documents and steps shared by the events tests: ids, error codes, and signing up over
GraphQL (the data they act on comes from ``tests.factories``)."""

from __future__ import annotations

import itertools
from typing import Any

from strawberry.relay import from_base64, to_base64

from models.events import Event
from models.members import Vehicle
from tests.factories import SignedIn

ERRORS = "errors { code field message }"


def gid(type_name: str, key: int) -> str:
    return to_base64(type_name, key)


def pk(global_id: str) -> int:
    return int(from_base64(global_id)[1])


def codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["errors"]]


REGISTRATION_FIELDS = """
    id status passengers waitlistPosition offerExpiresAt
    event { id seatsTaken seatsLeft capacity waitlistLength }
"""
SIGN_UP = f"""
mutation SignUp($input: SignUpForEventInput!) {{
  signUpForEvent(input: $input) {{ registration {{ {REGISTRATION_FIELDS} }} {ERRORS} }}
}}"""
_keys = itertools.count(1)


async def sign_up(
    gql: Any,
    member: SignedIn,
    event: Event,
    vehicle: Vehicle,
    *,
    key: str | None = None,
    passengers: int = 0,
) -> dict[str, Any]:
    """The ``signUpForEvent`` payload of ``member`` signing up with ``vehicle``."""
    variables = {
        "input": {
            "eventId": gid("Event", event.id),
            "vehicleId": gid("Vehicle", vehicle.id),
            "passengers": passengers,
            "idempotencyKey": key or f"signup-{next(_keys)}",
        }
    }
    data = await gql.data(SIGN_UP, variables, token=member.token)
    return data["signUpForEvent"]
