"""What participants thought of an event and how far they got: feedback, its aggregate and
the funnel, per event and over a circle's events."""

from __future__ import annotations

from datetime import datetime

import strawberry

from models.events import EventFeedback
from services.events.feedback import FeedbackSummary, Funnel


@strawberry.type(description="A participant's feedback on an event.")
class EventFeedbackType:
    rating: int = strawberry.field(description="1-5 stars.")
    nps: int = strawberry.field(description="Would recommend, 0-10.")
    comment: str = strawberry.field(description="Free text (may be empty).")
    created_at: datetime = strawberry.field(description="When it was left.")

    @classmethod
    def from_model(cls, row: EventFeedback) -> EventFeedbackType:
        return cls(rating=row.rating, nps=row.nps, comment=row.comment, created_at=row.created_at)


@strawberry.type(description="Feedback aggregate of an event or a circle's events.")
class FeedbackSummaryType:
    count: int = strawberry.field(description="Feedback received.")
    average_rating: float | None = strawberry.field(description="Mean rating, null without any.")
    nps: float | None = strawberry.field(
        description="Net promoter score: % promoters (9-10) minus % detractors (0-6)."
    )
    promoters: int = strawberry.field(description="NPS 9-10.")
    passives: int = strawberry.field(description="NPS 7-8.")
    detractors: int = strawberry.field(description="NPS 0-6.")

    @classmethod
    def from_summary(cls, summary: FeedbackSummary) -> FeedbackSummaryType:
        return cls(**vars(summary))


@strawberry.type(
    description="How many got how far: signed up → confirmed → checked in → completed → left "
    "feedback."
)
class EventFunnelType:
    signed_up: int = strawberry.field(description="Registrations made (cancelled included).")
    confirmed: int = strawberry.field(description="Registrations that held a confirmed seat.")
    checked_in: int = strawberry.field(description="Checked in at the meeting point.")
    completed: int = strawberry.field(description="Completed the event.")
    feedback: int = strawberry.field(description="Left feedback.")

    @classmethod
    def from_funnel(cls, funnel: Funnel) -> EventFunnelType:
        return cls(**vars(funnel))


@strawberry.type(description="Feedback and funnel over every event of a circle.")
class CircleEventInsights:
    feedback_summary: FeedbackSummaryType = strawberry.field(description="Feedback aggregate.")
    funnel: EventFunnelType = strawberry.field(description="The funnel.")
