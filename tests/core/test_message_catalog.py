"""The one message catalog speaks both languages for every code the API can send."""

from __future__ import annotations

import ast
from pathlib import Path
from string import Formatter

import pytest

from services.errors import ErrorCode
from services.i18n import MESSAGES, SUPPORTED_LOCALES, translate

ROOT = Path(__file__).resolve().parents[2]


def _request_error_codes() -> set[str]:
    """Codes of every ``RequestError("CODE", …)`` raised in api/ that is reported from the
    catalog (those carrying already formatted ``errors`` bring their own text)."""
    codes: set[str] = set()
    for path in (ROOT / "api").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or getattr(node.func, "id", None) != "RequestError":
                continue
            keywords = {keyword.arg: keyword.value for keyword in node.keywords}
            if "errors" in keywords or "message" in keywords:
                continue
            key = keywords.get("message_key") or node.args[0]
            assert isinstance(key, ast.Constant), f"{path}: RequestError with a computed code"
            codes.add(key.value)
    return codes


@pytest.mark.parametrize("code", list(ErrorCode), ids=lambda code: code.value)
def test_every_error_code_has_a_message_in_both_languages(code: ErrorCode) -> None:
    zh, en = MESSAGES[code.value]
    assert zh.strip() and en.strip()
    assert zh != en


def test_every_request_error_has_a_message_in_both_languages() -> None:
    codes = _request_error_codes()
    assert {"BAD_REQUEST", "RATE_LIMITED", "COST_LIMIT_EXCEEDED"} <= codes
    for code in codes:
        zh, en = MESSAGES[f"request.{code}"]
        assert zh.strip() and en.strip() and zh != en, code


def _placeholders(text: str, language: str) -> set[str]:
    """A text's ``{name}`` placeholders, a per-language one (``tier_zh``) counted once."""
    names = {name for _, name, _, _ in Formatter().parse(text) if name}
    return {name.removesuffix(f"_{language}") for name in names}


def test_every_message_has_both_languages_and_the_same_placeholders() -> None:
    for key, (zh, en) in MESSAGES.items():
        assert zh.strip() and en.strip(), key
        assert _placeholders(zh, "zh") == _placeholders(en, "en"), key


def test_a_message_follows_the_locale() -> None:
    assert SUPPORTED_LOCALES == ("zh-CN", "en")
    assert translate("request.COST_LIMIT_EXCEEDED", "en", cost=9, limit=5) == (
        "Query cost 9 exceeds the limit of 5."
    )
    assert translate("request.COST_LIMIT_EXCEEDED", "zh-CN", cost=9, limit=5) == (
        "查询成本 9 超过上限 5。"
    )
