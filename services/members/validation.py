"""Input checks shared by the members services (all raise INVALID_INPUT with a field path)."""

from __future__ import annotations

import unicodedata
from enum import Enum
from typing import Final
from urllib.parse import urlsplit

from services.errors import InvalidInput


class Keep(Enum):
    """Marks an optional argument the caller did not give: the stored value stays."""

    KEEP = "KEEP"


KEEP: Final = Keep.KEEP


def text(value: str | None, *, name: str, max_length: int, required: bool = False) -> str | None:
    """``value`` stripped, None when blank (INVALID_INPUT when ``required``), refused when
    longer than ``max_length`` characters or holding control characters."""
    stripped = (value or "").strip()
    if not stripped:
        if required:
            raise InvalidInput(field=name, message_key="value.required")
        return None
    if len(stripped) > max_length:
        raise InvalidInput(field=name, message_key="value.too_long", max=max_length)
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in stripped):
        raise InvalidInput(field=name)
    return stripped


def https_url(value: str | None, *, name: str, max_length: int) -> str | None:
    """An absolute ``https://`` URL with a host, or None when blank."""
    url = text(value, name=name, max_length=max_length)
    if url is None:
        return None
    try:
        parts = urlsplit(url)
        valid = (
            parts.scheme == "https"
            and bool(parts.hostname)
            and (parts.port is None or parts.port > 0)
        )
    except ValueError:
        valid = False
    if not valid or any(ch.isspace() for ch in url):
        raise InvalidInput(field=name, message_key="url.invalid")
    return url
