"""The ``Viewer`` type: what only the signed-in member sees about themself.

Domains add fields through mixins whose resolvers receive the
``schema.core.context.Viewer`` (account and member) as ``self``; list them in ``VIEWER_MIXINS``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from schema.badges.viewer import BadgeViewerFields
from schema.circles.viewer import CircleViewerFields
from schema.compose import compose
from schema.events.viewer import EventViewerFields
from schema.loyalty.viewer import LoyaltyViewerFields
from schema.members.viewer import MemberViewerFields
from schema.notifications.viewer import NotificationViewerFields
from schema.rankings.viewer import RankingViewerFields

VIEWER_MIXINS: tuple[type, ...] = (
    MemberViewerFields,
    NotificationViewerFields,
    LoyaltyViewerFields,
    CircleViewerFields,
    EventViewerFields,
    BadgeViewerFields,
    RankingViewerFields,
)

if TYPE_CHECKING:
    from schema.core.context import Viewer

    # to a type checker, a field of this type holds what its resolver returns: the viewer
    ViewerType: TypeAlias = Viewer
else:
    ViewerType = compose(
        "Viewer",
        VIEWER_MIXINS,
        "The signed-in member's own view: profile, private settings and personal lists.",
    )
