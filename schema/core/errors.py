"""``UserError`` and the ``ErrorCode`` enum every mutation payload reports."""

from __future__ import annotations

import strawberry
from strawberry.utils.str_converters import to_camel_case

from schema.core.enums import describe_values
from services.errors import DomainError
from services.errors import ErrorCode as DomainErrorCode

ErrorCode = strawberry.enum(
    DomainErrorCode,
    name="ErrorCode",
    description="What went wrong, for the client to switch on. Codes never change meaning.",
)
describe_values(
    ErrorCode,
    {
        "INVALID_INPUT": "An input value is malformed or out of range; `field` names it.",
        "NOT_FOUND": "The thing named does not exist, or the viewer may not see it.",
        "FORBIDDEN": "The viewer is signed in but may not do this.",
        "UNAUTHENTICATED": "This needs a signed-in viewer (a valid access token).",
        "CONFLICT": "The data changed while the request ran; retrying is safe.",
        "RATE_LIMITED": "Too many attempts in a short time; try again later.",
        "IDEMPOTENCY_KEY_REUSED": "The idempotency key was already used for a different request.",
        "IDEMPOTENCY_KEY_EXPIRED": (
            "The key was used so long ago that its record is gone: the retry does nothing."
        ),
        "INVALID_CREDENTIALS": "The login or the password is wrong.",
        "WEAK_PASSWORD": "The password is too short, lacks letters or digits, or is common.",
        "EMAIL_TAKEN": "Another account already uses this email.",
        "MOBILE_TAKEN": "Another account already uses this mobile number.",
        "HANDLE_TAKEN": "Another member already uses this handle.",
        "INVALID_TOKEN": "The token is malformed, forged or revoked.",
        "TOKEN_EXPIRED": "The token has expired; refresh it or sign in again.",
        "TOKEN_REUSED": "A refresh token was used twice: every session of that sign-in ended.",
        "ACCOUNT_DELETED": "The account has been deleted.",
        "VEHICLE_TAKEN": "This vehicle (VIN) is in another member's garage.",
        "EXPORT_NOT_READY": "The data export is still being built.",
        "INSUFFICIENT_POINTS": "The member's spendable points do not cover this.",
        "OUT_OF_STOCK": "The reward has no coupons left.",
        "LIMIT_REACHED": "The member has redeemed this reward as often as allowed.",
        "TIER_TOO_LOW": "The member's tier is below what this needs.",
        "NOT_AVAILABLE": "Not available right now (outside its window, or disabled).",
        "ALREADY_USED": "The coupon or code was already used.",
        "EXPIRED": "The coupon, offer or invite has expired.",
        "ALREADY_DONE": "This was already done; nothing changed.",
        "EVENT_FULL": "Every seat of the event is taken (and its waitlist, if any).",
        "ALREADY_REGISTERED": "The member already holds a registration for this event.",
        "REQUIREMENT_NOT_MET": "The member or vehicle misses one of the event's requirements.",
        "INVALID_CODE": "The check-in code is malformed or forged.",
        "WRONG_EVENT": "The check-in code belongs to another event.",
        "REGISTRATION_INACTIVE": "The registration's status does not allow this.",
        "EVENT_NOT_STARTED": "The event has not started yet.",
        "NOT_PARTICIPANT": "The viewer is not taking part in this event.",
        "OUTSIDE_EVENT_WINDOW": "Only from 2 h before the event's start to 6 h after its end.",
        "NOT_COMPLETED": "Only after the member completed the event.",
        "EVENT_NOT_OPEN": "The event takes no sign-ups (draft, cancelled or over).",
        "SIGNUP_NOT_OPEN": "The event's sign-up window has not opened yet.",
        "SIGNUP_CLOSED": "The event's sign-up window has closed.",
        "PRIORITY_WINDOW": "Sign-up is open only to higher tiers for now.",
        "BADGES_MISSING": "The event needs badges the member does not hold.",
        "DRIVETRAIN_NOT_MET": "The vehicle's drivetrain is below what the event needs.",
        "INSPECTION_REQUIRED": "The event needs a recent passed dealer inspection of the vehicle.",
        "CHECKIN_NOT_OPEN": "The scan is outside the event's check-in window.",
        "ALREADY_MEMBER": "The viewer is already a member of the circle.",
        "NOT_MEMBER": "The viewer is not an active member of the circle.",
        "BANNED": "The viewer is banned from the circle.",
        "SLUG_TAKEN": "Another circle already uses this address (slug).",
        "INVITE_INVALID": "The invite code is unknown, used up or revoked.",
        "PROPOSAL_CLOSED": "The route proposal was already accepted or rejected.",
        "ALREADY_VOTED": "The viewer already cast this vote.",
        "UNKNOWN_CRITERION": "The badge criterion names an unknown type.",
        "CRITERION_INVALID": "The badge criterion is malformed.",
        "INVALID_THRESHOLD": "A badge criterion's threshold is not a whole number in range.",
        "UNKNOWN_ROUTE": "The badge criterion names a route not in the catalog.",
        "UNKNOWN_TERRAIN": "The badge criterion names an unknown terrain.",
        "BADGE_KEY_TAKEN": "Another badge already uses this key.",
        "PART_NUMBER_TAKEN": "The issuer already lists this part number.",
        "UNKNOWN_CAPABILITY": "A capability tag is not in the vocabulary.",
        "CLAIM_CODE_INVALID": "The claim code does not match the part.",
        "CLAIM_CODE_USED": "The claim code was already used; the part was sent for review.",
        "NOT_CUSTODIAN": "The viewer does not hold the part now; the part was sent for review.",
        "PART_BLOCKED": "The part was confirmed a clone; its code no longer verifies.",
        "PART_RECALLED": "The part has been recalled by its issuer.",
        "EVENT_NOT_ALLOWED": "This custody event cannot follow the part's current state.",
        "CHAIN_BUSY": "Another change to the part's history is in progress; retry.",
        "REVIEW_CLOSED": "The clone review was already decided.",
    },
)


@strawberry.type(description="An expected failure of a mutation. Nothing was changed.")
class UserError:
    code: ErrorCode = strawberry.field(description="Machine-readable reason.")
    field: list[str] | None = strawberry.field(
        description="Path to the input field at fault, if one is."
    )
    message: str = strawberry.field(description="Human-readable text in the viewer's locale.")


def user_errors(error: DomainError, locale: str) -> list[UserError]:
    """The payload ``errors`` of a refusal, in the viewer's locale."""
    return [
        UserError(code=error.code, field=input_path(error.field), message=error.message(locale))
    ]


def input_path(field: list[str | int] | None) -> list[str] | None:
    """The GraphQL path of a service's ``field``: ``event_id`` → ``["input", "eventId"]``,
    ``("checklist", 3, "item")`` → ``["input", "checklist", "3", "item"]``."""
    if not field:
        return None
    if field[0] == "input":  # already a GraphQL path
        return [str(part) for part in field]
    return [
        "input",
        *(to_camel_case(part) if isinstance(part, str) else str(part) for part in field),
    ]
