"""The public face of verified parts outside GraphQL: ``GET /v/<code>``, the plain HTML page a
scanned label's QR code opens (zh-CN or en, no JavaScript, no external asset, fits a phone),
and ``GET /.well-known/convoy-part-keys.json``, every issuer's public keys for offline checks."""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from services.errors import DomainError, ErrorCode
from services.i18n import locale_from_accept_language, normalize_locale
from services.parts.keys import published_keys_document
from services.parts.verification import PublicActor, Verdict, Verification, verify_part

KEYS_PATH = "/.well-known/convoy-part-keys.json"

#: Verdict -> (colour, zh-CN headline, en headline, zh-CN advice, en advice).
_VERDICTS: dict[Verdict, tuple[str, str, str, str, str]] = {
    Verdict.AUTHENTIC: (
        "#1b7f3b",
        "正品认证通过",
        "Authentic part",
        "签名有效，履历完整。",
        "The signature is valid and the history is intact.",
    ),
    Verdict.UNKNOWN: (
        "#8a6d00",
        "未知编码",
        "Unknown code",
        "没有零件使用此编码，请谨慎购买。",
        "No part carries this code: be careful.",
    ),
    Verdict.BAD_SIGNATURE: (
        "#b00020",
        "签名无效",
        "Invalid signature",
        "标签签名不符，可能是伪造品。",
        "The label's signature does not match: likely a fake.",
    ),
    Verdict.KEY_REVOKED: (
        "#b00020",
        "密钥已吊销",
        "Key revoked",
        "签发密钥在此标签制作前已被吊销。",
        "The signing key was revoked before this label.",
    ),
    Verdict.RECALLED: (
        "#b35900",
        "已召回",
        "Recalled",
        "正品，但已被发行方召回，请勿继续使用。",
        "Genuine, but recalled by its issuer: stop using it.",
    ),
    Verdict.SUSPECTED_CLONE: (
        "#b00020",
        "疑似仿冒",
        "Suspected clone",
        "此编码出现异常使用，正在或已经过人工审核。",
        "This code was used suspiciously and is under (or after) staff review.",
    ),
    Verdict.CHAIN_BROKEN: (
        "#b00020",
        "履历被篡改",
        "History tampered with",
        "履历记录校验失败。",
        "The provenance history does not check out.",
    ),
}
_KINDS = {
    "COMMISSIONED": ("出厂赋码", "Commissioned"),
    "SHIPPED_TO_DEALER": ("发往经销商", "Shipped to dealer"),
    "SOLD": ("售出", "Sold"),
    "CLAIMED": ("车主认领", "Claimed by owner"),
    "INSTALLED": ("安装", "Installed"),
    "REMOVED": ("拆下", "Removed"),
    "INSPECTED": ("检测", "Inspected"),
    "LISTED": ("挂牌出售", "Listed for sale"),
    "TRANSFERRED": ("转让", "Transferred"),
    "RECALLED": ("召回", "Recalled"),
    "REPORTED": ("认定仿冒", "Reported as clone"),
    "CORRECTION": ("更正", "Correction"),
}
_ACTORS = {
    PublicActor.MEMBER: ("车主", "Owner"),
    PublicActor.DELETED_MEMBER: ("已注销会员", "Deleted member"),
    PublicActor.STAFF: ("平台工作人员", "Platform staff"),
    PublicActor.SYSTEM: ("平台", "Platform"),
}
_WORDS = {
    "title": ("配件验证", "Part verification"),
    "part": ("配件", "Part"),
    "issuer": ("发行方", "Issuer"),
    "commissioned": ("赋码日期", "Commissioned"),
    "code": ("编码", "Code"),
    "history": ("履历", "History"),
    "first_bad": ("首个异常记录", "First bad event"),
    "limited": ("查询过于频繁，请稍后再试。", "Too many checks, please try again later."),
    "lang": ("English", "中文"),
}
_STYLE = (
    "body{font-family:system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;"
    "margin:0;background:#f5f5f2;color:#222}main{max-width:34rem;margin:0 auto;padding:1rem}"
    ".verdict{color:#fff;border-radius:.6rem;padding:1rem 1.2rem;margin:0 0 1rem}"
    ".verdict h1{margin:0 0 .3rem;font-size:1.5rem}.verdict p{margin:0}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem .8rem;margin:0 0 1rem}"
    "dt{color:#666}dd{margin:0;overflow-wrap:anywhere}ol{padding-left:1.2rem}"
    "li{margin:0 0 .6rem}time{color:#555;font-size:.9rem}nav{text-align:right}"
    "nav a{color:#225}"
)


def _say(key: str, en: bool) -> str:
    zh, english = _WORDS[key]
    return english if en else zh


def _locale(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked:
        return normalize_locale(asked)
    return locale_from_accept_language(request.headers.get("accept-language")) or "zh-CN"


def render_page(found: Verification, locale: str) -> str:
    """The verification page of one code (all text escaped, CSS inline)."""
    en = locale == "en"
    colour, zh_head, en_head, zh_advice, en_advice = _VERDICTS[found.verdict]
    rows: list[tuple[str, str]] = [(_say("code", en), found.code)]
    if found.part_model is not None:
        part = found.part_model
        name = part.name_en if en else part.name_zh
        rows.append((_say("part", en), f"{name} · {part.maker} {part.part_number}"))
    if found.issuer_name:
        rows.append((_say("issuer", en), found.issuer_name))
    if found.unit is not None:
        rows.append((_say("commissioned", en), found.unit.commissioned_at.date().isoformat()))
    if found.first_bad_seq is not None:
        rows.append((_say("first_bad", en), f"#{found.first_bad_seq}"))
    details = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    items = []
    for entry in found.timeline:
        kind = _KINDS[entry.kind.value][1 if en else 0]
        who = entry.actor_name or (
            _ACTORS[entry.actor][1 if en else 0] if entry.actor in _ACTORS else ""
        )
        extra = " · ".join(
            part for part in (entry.city or "", who, entry.detail.get("result", "")) if part
        )
        items.append(
            f'<li><time datetime="{escape(entry.occurred_at.isoformat())}">'
            f"{escape(entry.occurred_at.date().isoformat())}</time> "
            f"<strong>{escape(kind)}</strong>" + (f"<br>{escape(extra)}" if extra else "") + "</li>"
        )
    history = f"<h2>{escape(_say('history', en))}</h2><ol>{''.join(items)}</ol>" if items else ""
    other = "zh-CN" if en else "en"
    return (
        f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(_say('title', en))} · {escape(found.code)}</title>"
        f"<style>{_STYLE}</style></head><body><main>"
        f'<nav><a href="?lang={other}">{escape(_say("lang", en))}</a></nav>'
        f'<section class="verdict" style="background:{colour}" '
        f'data-verdict="{found.verdict.value}">'
        f"<h1>{escape(en_head if en else zh_head)}</h1>"
        f"<p>{escape(en_advice if en else zh_advice)}</p></section>"
        f"<dl>{details}</dl>{history}</main></body></html>"
    )


async def verify_page(request: Request) -> Response:
    locale = _locale(request)
    client = request.client.host if request.client else "-"
    try:
        found = await verify_part(
            code=request.path_params["code"],
            city=request.query_params.get("city"),
            client=f"ip:{client}",
        )
    except DomainError as error:
        if error.code is not ErrorCode.RATE_LIMITED:
            raise
        return HTMLResponse(
            f'<!doctype html><html lang="{locale}"><meta charset="utf-8">'
            f"<p>{escape(_say('limited', locale == 'en'))}</p></html>",
            status_code=429,
            headers={"retry-after": "60"},
        )
    return HTMLResponse(
        render_page(found, locale),
        headers={"cache-control": "no-store", "content-language": locale},
    )


async def keys_document(request: Request) -> Response:
    return JSONResponse(
        await published_keys_document(), headers={"cache-control": "public, max-age=300"}
    )


def parts_routes() -> list[BaseRoute]:
    """The routes to mount in the app."""
    return [
        Route("/v/{code}", verify_page, methods=["GET"]),
        Route(KEYS_PATH, keys_document, methods=["GET"]),
    ]
