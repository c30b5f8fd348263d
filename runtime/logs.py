"""structlog set-up: JSON lines in production, readable console output in development.

Every line goes to standard error in a single ``write`` (lines from several processes sharing
the stream do not interleave, and nothing waits in a buffer when the process dies).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import Any

import structlog

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=repr)


class LineWriter:
    """A structlog logger writing each rendered line to a file descriptor."""

    def __init__(self, fd: int = 2) -> None:
        self.fd = fd

    def msg(self, message: str) -> None:
        data = (message + "\n").encode("utf-8", "replace")
        while data:
            written = os.write(self.fd, data)
            data = data[written:]

    log = debug = info = warn = warning = error = err = critical = exception = fatal = msg


def _json(event: dict[str, Any], **_: Any) -> str:
    return _ENCODER.encode(event)


def configure_logging(*, json_logs: bool, level: int = logging.INFO) -> None:
    processors: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    if json_logs:
        processors.append(structlog.processors.format_exc_info)
        processors.append(structlog.processors.JSONRenderer(serializer=_json))
    else:
        processors.append(structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty()))
    writer = LineWriter(2)
    structlog.configure(
        processors=processors,
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=lambda *args: writer,
        cache_logger_on_first_use=True,
    )
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(message)s")
