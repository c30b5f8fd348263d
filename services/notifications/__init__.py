"""In-app notifications: one row per recipient, listed and marked read by their member, and
announced live over Redis pub/sub.

Live delivery semantics:

* The database row is the truth. A live message is published only after the row is committed:
  ``notify``/``notify_many`` outside a transaction commit and publish at once; inside a
  transaction (``using=conn`` or an active ``in_transaction()``) they publish nothing and the
  caller hands the returned rows to ``publish_notifications`` after the transaction::

      async with in_transaction() as conn:
          ...  # the change the notice is about
          row = await notify(member_id, "WAITLIST_OFFER", {...}, using=conn)
      await publish_notifications([row])

  A notice of a rolled-back change is therefore never announced, and a lost announcement
  (Redis down, a crash right after commit) loses nothing but immediacy.
* Live delivery is at most once, on the member's topic ``live.member_topic(member_id)``, through
  Redis so that every API process sees it. A client that (re)subscribes re-reads
  ``viewer.notifications``; the stream ends when the server may have missed messages.
* ``dedupe_key`` is enforced by a unique constraint, so sending the same notice twice (a job
  retry, concurrent producers) stores and announces it once.
"""

from services.notifications.inbox import (
    MAX_IDS,
    MarkReadResult,
    list_notifications,
    mark_read,
    unread_count,
)
from services.notifications.sending import (
    MESSAGE_TYPE,
    from_message,
    notify,
    notify_many,
    publish_notifications,
    to_message,
)

__all__ = [
    "MAX_IDS",
    "MESSAGE_TYPE",
    "MarkReadResult",
    "from_message",
    "list_notifications",
    "mark_read",
    "notify",
    "notify_many",
    "publish_notifications",
    "to_message",
    "unread_count",
]
