"""Messages follow the viewer's locale: the member's own setting when signed in, else
``Accept-Language``, else zh-CN."""

from __future__ import annotations

from typing import Any

import pytest

from services.errors import DomainError, ErrorCode
from services.members import profile
from tests.factories import make_member

MEMBER = 'query Member { member(handle: "someone") { handle } }'
DEPTH_BOMB = "{ " + "a { " * 20 + "b" + " }" * 20 + " }"

ZH_FORBIDDEN = "你没有权限执行此操作。"
EN_FORBIDDEN = "You are not allowed to do this."


@pytest.fixture(autouse=True)
def forbidden_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    async def forbidden(handle: str) -> Any:
        raise DomainError(ErrorCode.FORBIDDEN)

    monkeypatch.setattr(profile, "find_by_handle", forbidden)


def message_of(body: dict[str, Any]) -> str:
    return body["errors"][0]["message"]


async def test_zh_cn_by_default(gql: Any) -> None:
    assert message_of(await gql(MEMBER)) == ZH_FORBIDDEN


async def test_accept_language_picks_english(gql: Any) -> None:
    body = await gql(MEMBER, headers={"accept-language": "en-US,en;q=0.9"})
    assert message_of(body) == EN_FORBIDDEN


async def test_accept_language_is_ranked_by_quality(gql: Any) -> None:
    # when
    chinese_first = await gql(MEMBER, headers={"accept-language": "fr, en;q=0.5, zh-CN;q=0.8"})
    english_first = await gql(MEMBER, headers={"accept-language": "zh;q=0.2, en-GB"})
    unsupported = await gql(MEMBER, headers={"accept-language": "fr-FR, de"})
    # then
    assert message_of(chinese_first) == ZH_FORBIDDEN
    assert message_of(english_first) == EN_FORBIDDEN
    assert message_of(unsupported) == ZH_FORBIDDEN


async def test_signed_in_members_own_locale_wins(gql: Any) -> None:
    # given: an English-speaking member whose browser asks for Chinese, and the reverse
    english = await make_member(locale="en")
    chinese = await make_member(locale="zh-CN")
    # when
    english_body = await gql(MEMBER, token=english.token, headers={"accept-language": "zh-CN"})
    chinese_body = await gql(MEMBER, token=chinese.token, headers={"accept-language": "en"})
    # then
    assert message_of(english_body) == EN_FORBIDDEN
    assert message_of(chinese_body) == ZH_FORBIDDEN


async def test_request_errors_follow_accept_language(gql: Any) -> None:
    # when
    english = await gql(DEPTH_BOMB, headers={"accept-language": "en"})
    chinese = await gql(DEPTH_BOMB)
    # then
    assert message_of(english) == "Query depth 21 exceeds the limit of 12."
    assert message_of(chinese) == "查询嵌套深度 21 超过上限 12。"
