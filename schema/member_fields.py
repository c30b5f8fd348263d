"""Fields other domains add to the ``Member`` type.

A mixin is a ``@strawberry.type`` class whose resolvers receive the ``MemberNode`` as ``self``:
``self.member_id``, ``self.access`` (what the reader may see: check ``access.sees(section)``
and audit staff-only reads with ``schema.members.access.audit_reads``) and ``self.reader``.
List it in ``MEMBER_MIXINS``. Mixins may not import ``schema.members.types`` at module level
(it imports this module): refer to types that need it through ``strawberry.lazy``.
"""

from __future__ import annotations

from schema.badges.member import BadgeMemberFields

MEMBER_MIXINS: tuple[type, ...] = (BadgeMemberFields,)
