"""The service side of background jobs: outbox dispatch and consumption, run bookkeeping."""

from __future__ import annotations

from collections.abc import Callable

#: Called by long operations as they go: ``progress(done, total)`` (total may be None).
Progress = Callable[[int, int | None], None]
