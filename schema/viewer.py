"""The ``Viewer`` type: what only the signed-in member sees about themself.

Domains add fields through mixins whose resolvers receive the ``api.context.Viewer`` (account and
member) as ``self``; list them in ``VIEWER_MIXINS``.
"""

from __future__ import annotations

from schema.compose import compose
from schema.members.viewer import MemberViewerFields

VIEWER_MIXINS: tuple[type, ...] = (MemberViewerFields,)

ViewerType = compose(
    "Viewer",
    VIEWER_MIXINS,
    "The signed-in member's own view: profile, private settings and personal lists.",
)
