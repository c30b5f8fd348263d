"""User-facing messages in zh-CN and en, keyed by error code or a more specific key."""

from __future__ import annotations

from typing import Any

SUPPORTED_LOCALES = ("zh-CN", "en")
DEFAULT_LOCALE = "zh-CN"

#: key -> (zh-CN, en). ``{name}`` placeholders are filled from the error's params.
MESSAGES: dict[str, tuple[str, str]] = {
    "INVALID_INPUT": ("输入无效。", "The input is not valid."),
    "NOT_FOUND": ("找不到该对象。", "Not found."),
    "FORBIDDEN": ("你没有权限执行此操作。", "You are not allowed to do this."),
    "UNAUTHENTICATED": ("请先登录。", "Please sign in first."),
    "CONFLICT": ("数据已被修改，请重试。", "The data changed meanwhile, please retry."),
    "RATE_LIMITED": ("尝试次数过多，请稍后再试。", "Too many attempts, please try again later."),
    "IDEMPOTENCY_KEY_REUSED": (
        "该幂等键已用于另一个请求。",
        "This idempotency key was already used for a different request.",
    ),
    "INVALID_CREDENTIALS": ("账号或密码错误。", "Wrong account or password."),
    "WEAK_PASSWORD": (
        "密码至少 10 位，需包含字母和数字，且不能是常见密码。",
        "Passwords need 10+ characters with letters and digits, and must not be common.",
    ),
    "EMAIL_TAKEN": ("该邮箱已注册。", "This email is already registered."),
    "MOBILE_TAKEN": ("该手机号已注册。", "This mobile number is already registered."),
    "HANDLE_TAKEN": ("该用户名已被占用。", "This handle is already taken."),
    "INVALID_TOKEN": ("令牌无效。", "The token is not valid."),
    "TOKEN_EXPIRED": ("令牌已过期，请重新登录。", "The token has expired, please sign in again."),
    "TOKEN_REUSED": (
        "检测到刷新令牌被重复使用，已退出所有相关登录。",
        "A refresh token was reused, so every session of that sign-in was signed out.",
    ),
    "ACCOUNT_DELETED": ("该账号已注销。", "This account has been deleted."),
    "VEHICLE_TAKEN": (
        "该车辆已登记在其他账号下。",
        "This vehicle is registered to another account.",
    ),
    "EXPORT_NOT_READY": ("数据导出尚未完成。", "The data export is not ready yet."),
    "INSUFFICIENT_POINTS": ("积分不足。", "Not enough points."),
    "OUT_OF_STOCK": ("库存不足。", "Out of stock."),
    "LIMIT_REACHED": ("已达到兑换上限。", "You have reached the limit."),
    "TIER_TOO_LOW": ("会员等级不足。", "Your tier is too low."),
    "NOT_AVAILABLE": ("当前不可用。", "Not available right now."),
    "ALREADY_USED": ("已被使用。", "Already used."),
    "EXPIRED": ("已过期。", "Expired."),
    "ALREADY_DONE": ("已完成，无需重复操作。", "Already done."),
    "EVENT_FULL": ("活动名额已满。", "The event is full."),
    "ALREADY_REGISTERED": ("你已报名该活动。", "You are already registered."),
    "REQUIREMENT_NOT_MET": ("不满足报名条件：{what}", "Requirement not met: {what}"),
    # specific keys
    "handle.invalid": (
        "用户名须为 3–32 位字母、数字、下划线或短横线。",
        "Handles are 3-32 letters, digits, underscores or hyphens.",
    ),
    "email.invalid": ("邮箱格式不正确。", "This is not a valid email address."),
    "mobile.invalid": ("手机号格式不正确。", "This is not a valid mobile number."),
    "login.missing": ("请提供邮箱或手机号。", "Give an email address or a mobile number."),
    "text.too_long": ("{field}过长（最多 {max} 字）。", "{field} is too long (at most {max})."),
    "url.invalid": ("链接必须以 https:// 开头。", "Links must start with https://."),
    "vehicle.year": ("车辆年份不正确。", "The vehicle year is not valid."),
    "vin.invalid": ("VIN 须为 17 位字母数字。", "A VIN is 17 letters and digits."),
    "first.range": ("first/last 须在 0 到 100 之间。", "first/last must be between 0 and 100."),
    "cursor.invalid": ("分页游标无效。", "The page cursor is not valid."),
    "staff.only": ("仅限工作人员。", "Staff only."),
}


def normalize_locale(value: str | None) -> str:
    """Map ``zh``, ``zh-cn``, ``zh_Hans``, ``en-US`` … to a supported locale."""
    if not value:
        return DEFAULT_LOCALE
    lowered = value.strip().lower().replace("_", "-")
    if lowered.startswith("zh"):
        return "zh-CN"
    if lowered.startswith("en"):
        return "en"
    return DEFAULT_LOCALE


def locale_from_accept_language(header: str | None) -> str | None:
    """The first supported language of an ``Accept-Language`` header, by q-value."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        lowered = tag.lower()
        if lowered.startswith(("zh", "en")):
            ranked.append((-weight, index, normalize_locale(lowered)))
    return min(ranked)[2] if ranked else None


def translate(key: str, locale: str, **params: Any) -> str:
    zh, en = MESSAGES.get(key, MESSAGES["INVALID_INPUT"])
    template = en if normalize_locale(locale) == "en" else zh
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
