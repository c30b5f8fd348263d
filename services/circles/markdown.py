"""Markdown bodies: refused when they carry markup that could run, rendered to safe HTML.

Everything is HTML-escaped first, then a small subset is turned back into tags: paragraphs,
line breaks, ``**bold**``, ``*italic*``, ``[links](https://…)`` (http and https only) and
bulleted or numbered lists. No raw HTML from the source ever reaches the output.
"""

from __future__ import annotations

import html
import re

from services.errors import InvalidInput

#: Markup that only makes sense as an attack: refused outright with a coded error.
_DANGEROUS = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|link|meta|svg|math|form|frame|frameset|base"
    r"|applet|img|video|audio|source|input|button|textarea)\b"
    r"|<[^>]*\bon[a-z]+\s*="
    r"|(java|vb)script\s*:"
    r"|data\s*:\s*text/html",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s()]+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*A-Za-z0-9])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*A-Za-z0-9])")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
_PLACEHOLDER = re.compile("\x00(\\d+)\x00")


def clean(source: str | None, *, field: str, max_length: int) -> str:
    """The trimmed source, or INVALID_INPUT when it is empty, longer than ``max_length``
    characters or carries script-like markup (``post.script``)."""
    text = _CONTROL.sub("", (source or "").replace("\r\n", "\n")).strip()
    if not text or len(text) > max_length:
        raise InvalidInput(field=field, message_key="post.body", max=max_length)
    if _DANGEROUS.search(text):
        raise InvalidInput(field=field, message_key="post.script")
    return text


def render(source: str) -> str:
    """Safe HTML for a cleaned source."""
    blocks = re.split(r"\n\s*\n", _CONTROL.sub("", source.replace("\r\n", "\n")).strip())
    return "".join(_block(block.split("\n")) for block in blocks if block.strip())


def _block(lines: list[str]) -> str:
    for pattern, tag in ((_BULLET, "ul"), (_NUMBERED, "ol")):
        matches = [pattern.match(line) for line in lines]
        if all(matches):
            items = "".join(f"<li>{_inline(m.group(1))}</li>" for m in matches if m)
            return f"<{tag}>{items}</{tag}>"
    return "<p>" + "<br>".join(_inline(line) for line in lines) + "</p>"


def _inline(line: str) -> str:
    links: list[str] = []

    def stash(match: re.Match[str]) -> str:
        label = _emphasis(match.group(1))
        links.append(f'<a href="{match.group(2)}" rel="nofollow noopener noreferrer">{label}</a>')
        return f"\x00{len(links) - 1}\x00"

    escaped = html.escape(line.strip(), quote=True)
    text = _emphasis(_LINK.sub(stash, escaped))
    return _PLACEHOLDER.sub(lambda m: links[int(m.group(1))], text)


def _emphasis(text: str) -> str:
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    return _ITALIC.sub(r"<em>\1</em>", text)
