"""The one message catalog: every user-facing text in zh-CN and en, keyed by error code, a more
specific key, or ``request.<CODE>`` for the request errors raised before execution."""

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
    "IDEMPOTENCY_KEY_EXPIRED": (
        "该请求早已执行过，结果已不再保留；本次未做任何更改。",
        "This request was carried out long ago and its result is no longer kept; nothing was"
        " done again.",
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
    "INVALID_CODE": ("签到码无效。", "This check-in code is not valid."),
    "WRONG_EVENT": ("该签到码属于其他活动。", "This check-in code belongs to another event."),
    "REGISTRATION_INACTIVE": (
        "该报名当前状态不允许此操作。",
        "The registration is not in a state that allows this.",
    ),
    "EVENT_NOT_STARTED": ("活动尚未开始。", "The event has not started yet."),
    "NOT_PARTICIPANT": ("你不是该活动的参与者。", "You are not taking part in this event."),
    "OUTSIDE_EVENT_WINDOW": (
        "仅可在活动开始前 2 小时至结束后 6 小时内求助。",
        "Assistance can be requested from 2 h before the start to 6 h after the end.",
    ),
    "NOT_COMPLETED": ("完成活动后才能评价。", "Feedback opens once you have completed the event."),
    "EVENT_NOT_OPEN": (
        "该活动当前不接受报名（草稿、已取消或已结束）。",
        "This event does not take sign-ups (draft, cancelled or over).",
    ),
    "SIGNUP_NOT_OPEN": ("报名将于 {opens} 开放。", "Sign-up opens at {opens}."),
    "SIGNUP_CLOSED": ("报名已截止。", "Sign-up has closed."),
    "CHECKIN_NOT_OPEN": (
        "签到时间为 {opens} 至 {closes}。",
        "Check-in is open from {opens} to {closes}.",
    ),
    "PRIORITY_WINDOW": (
        "报名于 {opens} 开放，{tier_zh}可提前 {hours} 小时报名。",
        "Sign-up opens at {opens}; {tier_en} members may sign up {hours} h earlier.",
    ),
    "BADGES_MISSING": ("需要徽章：{badges_zh}", "Badges required: {badges_en}"),
    "DRIVETRAIN_NOT_MET": (
        "该活动需要 {drivetrain} 或更强驱动的车辆。",
        "This event needs a {drivetrain} vehicle or better.",
    ),
    "INSPECTION_REQUIRED": (
        "需要活动开始前 {days} 天内通过的经销商车检。",
        "A dealer inspection passed within {days} days before the start is required.",
    ),
    "event.tier_too_low": (
        "需要{tier_zh}或更高等级。",
        "{tier_en} tier or higher is required.",
    ),
    "ALREADY_MEMBER": ("你已是该圈子成员。", "You are already a member of this circle."),
    "NOT_MEMBER": ("你还不是该圈子成员。", "You are not a member of this circle."),
    "BANNED": ("你已被该圈子禁止加入。", "You are banned from this circle."),
    "SLUG_TAKEN": ("该圈子地址已被占用。", "This circle address is already taken."),
    "INVITE_INVALID": ("邀请码无效。", "This invite code is not valid."),
    "PROPOSAL_CLOSED": ("该路线提案已结束。", "This route proposal is closed."),
    "ALREADY_VOTED": ("你已投过相同的票。", "You already voted this way."),
    "UNKNOWN_CRITERION": (
        "未知的徽章条件类型：{what}。",
        "Unknown badge criterion type: {what}.",
    ),
    "CRITERION_INVALID": ("徽章条件不正确：{what}。", "The badge criterion is not valid: {what}."),
    "INVALID_THRESHOLD": (
        "{what} 须为 1 到 {max} 之间的整数。",
        "{what} must be a whole number from 1 to {max}.",
    ),
    "UNKNOWN_ROUTE": ("路线库中没有该路线。", "This route is not in the catalog."),
    "UNKNOWN_TERRAIN": ("未知的地形：{what}。", "Unknown terrain: {what}."),
    "BADGE_KEY_TAKEN": ("该徽章标识已被使用。", "This badge key is already taken."),
    # specific keys
    "handle.invalid": (
        "用户名须为 3–32 位字母、数字、下划线或短横线。",
        "Handles are 3-32 letters, digits, underscores or hyphens.",
    ),
    "email.invalid": ("邮箱格式不正确。", "This is not a valid email address."),
    "mobile.invalid": ("手机号格式不正确。", "This is not a valid mobile number."),
    "login.missing": ("请提供邮箱或手机号。", "Give an email address or a mobile number."),
    "text.too_long": ("{field}过长（最多 {max} 字）。", "{field} is too long (at most {max})."),
    "value.too_long": ("内容过长（最多 {max} 字）。", "Too long (at most {max} characters)."),
    "url.invalid": ("链接必须以 https:// 开头。", "Links must start with https://."),
    "vehicle.year": ("车辆年份不正确。", "The vehicle year is not valid."),
    "vin.invalid": ("VIN 须为 17 位字母数字。", "A VIN is 17 letters and digits."),
    "value.required": ("此项不能为空。", "This field cannot be empty."),
    "locale.invalid": ("语言只能是 zh-CN 或 en。", "The language must be zh-CN or en."),
    "plate.invalid": ("车牌号格式不正确。", "This is not a valid licence plate."),
    "vehicle_model.one_of": (
        "请选择一个车型（modelKey 或 vehicleModelId 二选一）。",
        "Pick one catalog model: give modelKey or vehicleModelId, not both.",
    ),
    "vehicle_model.unknown": ("车型库中没有该车型。", "This model is not in the catalog."),
    "first.range": ("first/last 须在 0 到 100 之间。", "first/last must be between 0 and 100."),
    "cursor.invalid": ("分页游标无效。", "The page cursor is not valid."),
    "staff.only": ("仅限工作人员。", "Staff only."),
    "badge.key": (
        "徽章标识须为 2–64 位小写字母、数字、下划线或短横线。",
        "Badge keys are 2-64 lower-case letters, digits, underscores or hyphens.",
    ),
    "badges.hidden": (
        "该会员未公开其徽章。",
        "This member does not show their badges to you.",
    ),
    "notifications.ids_or_all": (
        "请提供要标记的通知 ID，或选择全部标记为已读。",
        "Give the ids of the notifications to mark, or all.",
    ),
    "notifications.too_many": (
        "一次最多标记 {max} 条通知。",
        "At most {max} notifications at a time.",
    ),
    "roles.invalid": (
        "角色须为 admin、moderator、dealer 或 issuer。",
        "Roles are admin, moderator, dealer or issuer.",
    ),
    "roles.own_admin": (
        "不能移除自己的管理员角色。",
        "You cannot remove your own admin role.",
    ),
    # circles
    "circle.name": ("圈子名称须为 2–64 字。", "Circle names are 2-64 characters."),
    "circle.slug": (
        "圈子地址须为 3–64 位小写字母、数字或短横线。",
        "Circle addresses are 3-64 lower-case letters, digits or hyphens.",
    ),
    "circle.tags": (
        "最多 10 个标签，每个不超过 32 字。",
        "At most 10 tags of up to 32 characters.",
    ),
    "circle.official_staff": (
        "只有工作人员可以创建官方圈子。",
        "Only staff can create official circles.",
    ),
    "circle.invite_only": ("该圈子仅限邀请加入。", "This circle is invite-only."),
    "circle.pending": ("你的加入申请正在审核中。", "Your request to join is awaiting approval."),
    "circle.moderators_only": ("仅限圈主或版主。", "Circle moderators only."),
    "circle.owner_only": ("仅限圈主。", "Circle owner only."),
    "circle.owner_must_transfer": (
        "圈主须先转让圈子才能退出。",
        "Transfer ownership before leaving your circle.",
    ),
    "circle.owner_not_banned": ("不能封禁圈主。", "The circle owner cannot be banned."),
    "circle.outranked": (
        "你不能对同级或更高角色执行此操作。",
        "You cannot do this to an equal or higher role.",
    ),
    "circle.use_transfer": ("请使用转让圈主功能。", "Use the ownership transfer instead."),
    "certification.requested": (
        "该圈子已申请或已通过认证。",
        "Certification was already requested or granted.",
    ),
    "certification.not_requested": (
        "该圈子没有待审核的认证申请。",
        "No certification request is pending.",
    ),
    "reason.required": ("请填写理由。", "Give a reason."),
    "invite.expired": ("邀请码已过期。", "This invite code has expired."),
    "invite.used_up": ("邀请码已达使用上限。", "This invite code has been used up."),
    "invite.range": (
        "使用次数须为 1–100，有效期须为 1–720 小时。",
        "Uses are 1-100 and validity 1-720 hours.",
    ),
    "post.body": ("内容须为 1–{max} 字。", "The text must be 1-{max} characters."),
    "post.script": ("内容不能包含脚本或网页代码。", "Text must not contain scripts or HTML code."),
    "post.images": ("最多 {max} 张图片。", "At most {max} images."),
    "post.announcement": (
        "只有圈主或版主可以发布公告。",
        "Only circle moderators can post announcements.",
    ),
    "post.pin_announcements": ("只能置顶公告。", "Only announcements can be pinned."),
    "post.author_only": ("只有作者可以这样做。", "Only the author can do this."),
    "post.use_propose": ("请通过路线提案发布。", "Propose routes with proposeRoute."),
    "reaction.exists": ("你已做出过该回应。", "You already reacted this way."),
    "reaction.missing": ("你没有做出过该回应。", "You have not reacted this way."),
    "report.exists": ("你已举报过该内容。", "You already reported this."),
    "report.resolved": ("该举报已处理。", "This report was already resolved."),
    "report.self": ("不能举报自己。", "You cannot report yourself."),
    "report.circle_required": (
        "举报成员时请指定圈子。",
        "Give the circle when reporting a member.",
    ),
    "report.action_target": ("该处理方式不适用于此对象。", "This action does not apply here."),
    "route.difficulty": ("难度须为 1–5。", "Difficulty is 1 to 5."),
    "route.distance": (
        "里程须大于 0 且不超过 5000 公里。",
        "Distance must be above 0 and at most 5000 km.",
    ),
    # events
    "event.organizers_only": ("仅限活动组织者。", "Event organizers only."),
    "event.circle_members_only": (
        "该活动仅限圈子成员报名。",
        "Only members of the event's circle may sign up.",
    ),
    "event.vehicle_required": ("请先在车库中添加车辆。", "Add a vehicle to your garage first."),
    "event.passengers": ("同行乘客须为 0–8 人。", "Passengers are 0 to 8."),
    "event.not_your_vehicle": (
        "只能使用自己车库中的车辆报名。",
        "Sign up with a vehicle of your own.",
    ),
    "event.offer_expired": ("该名额邀请已过期。", "This seat offer has expired."),
    "event.title": ("标题须为 1–80 字。", "Titles are 1-80 characters."),
    "event.description": (
        "活动介绍不超过 10000 字。",
        "Descriptions are at most 10,000 characters.",
    ),
    "event.meeting_city": (
        "请填写集合城市（不超过 64 字）。",
        "Give the meeting city (up to 64 characters).",
    ),
    "event.time_zone": (
        "时区须为 IANA 时区，如 Asia/Shanghai。",
        "Use an IANA time zone such as Asia/Shanghai.",
    ),
    "event.times": ("时间须包含时区。", "Times need a time zone offset."),
    "event.ends_before_start": ("结束时间须晚于开始时间。", "The end must be after the start."),
    "event.signup_after_start": (
        "报名须在活动开始前截止。",
        "Sign-up must close before the start.",
    ),
    "event.signup_window": ("报名开放时间须早于截止时间。", "Sign-up must open before it closes."),
    "event.cancel_after_start": (
        "取消截止时间须在活动开始前。",
        "The cancellation deadline must be before the start.",
    ),
    "event.capacity": ("车辆名额须为 1–500。", "Capacity is 1 to 500 vehicles."),
    "event.fee": ("积分费用须为 0–1000000。", "The fee is 0 to 1,000,000 points."),
    "event.offer_window": ("候补邀请时长须为 1–168 小时。", "Offers stay open 1 to 168 hours."),
    "event.checkin_opens_hours": (
        "签到须在活动开始前 0–72 小时内开放。",
        "Check-in opens 0 to 72 hours before the start.",
    ),
    "event.inspection_days": ("车检有效天数须为 1–365。", "Inspection validity is 1 to 365 days."),
    "event.min_tier": ("未知的会员等级。", "Unknown tier."),
    "event.badges": ("最多 10 个徽章，且须为已有徽章。", "Up to 10 existing badges."),
    "event.in_past": ("报名截止时间已过，无法发布。", "Sign-up would already be closed."),
    "event.reason": ("原因不超过 500 字。", "Reasons are at most 500 characters."),
    "event.capacity_below_seats": (
        "名额不能少于已占用的 {seats} 个。",
        "Capacity cannot go below the {seats} seats taken.",
    ),
    "event.fee_locked": ("已有人报名，费用不能再修改。", "The fee is fixed once anyone signed up."),
    # request errors (top level, raised before execution)
    "request.STRING_TOO_LONG": (
        "{where} 过长：最多 {limit} 个字符。",
        "{where} is too long: at most {limit} characters.",
    ),
    "request.STRING_NOT_TEXT": (
        "{where} 含有无效字符（单独的代理码元）。",
        "{where} holds an invalid character (a lone surrogate).",
    ),
    "request.BAD_REQUEST": ("请求格式不正确：{detail}", "Malformed request: {detail}"),
    "request.UNSUPPORTED_MEDIA_TYPE": (
        "请求体须为 application/json。",
        "Send the request body as application/json.",
    ),
    "request.METHOD_NOT_ALLOWED": (
        "请使用 GET（仅查询）或 POST。",
        "Use GET (queries only) or POST.",
    ),
    "request.QUERY_ONLY_OVER_GET": (
        "GET 仅用于查询，请使用 POST。",
        "GET is for queries only, use POST.",
    ),
    "request.OPERATION_NAME_REQUIRED": (
        "文档包含多个操作，请提供 operationName。",
        "The document has several operations: give operationName.",
    ),
    "request.UNKNOWN_OPERATION": ("找不到操作 {name}。", "Unknown operation {name}."),
    "request.PERSISTED_QUERY_NOT_FOUND": (
        "PersistedQueryNotFound：没有这个持久化文档，请发送完整的查询文本。",
        "PersistedQueryNotFound: no persisted document has this id or hash; send the query text.",
    ),
    "request.PERSISTED_QUERY_MISMATCH": (
        "查询文本与所给的持久化文档 id 或哈希不符。",
        "The query text does not match the persisted document id or hash given with it.",
    ),
    "request.SUBSCRIPTION_OVER_HTTP": (
        "订阅请通过 WebSocket（graphql-transport-ws）进行。",
        "Subscriptions are served over WebSocket (graphql-transport-ws).",
    ),
    "request.TOKEN_LIMIT_EXCEEDED": (
        "查询过长：超过 {limit} 个词法单元。",
        "The query has more than {limit} tokens.",
    ),
    "request.DEPTH_LIMIT_EXCEEDED": (
        "查询嵌套深度 {depth} 超过上限 {limit}。",
        "Query depth {depth} exceeds the limit of {limit}.",
    ),
    "request.ALIAS_LIMIT_EXCEEDED": (
        "查询使用了 {aliases} 个别名，超过上限 {limit}。",
        "{aliases} aliases exceed the limit of {limit}.",
    ),
    "request.REPEATED_FIELD_LIMIT_EXCEEDED": (
        "同一字段重复选择超过 {limit} 次。",
        "A field is selected more than {limit} times at one place.",
    ),
    "request.COST_LIMIT_EXCEEDED": (
        "查询成本 {cost} 超过上限 {limit}。",
        "Query cost {cost} exceeds the limit of {limit}.",
    ),
    "request.RATE_LIMITED": (
        "请求过于频繁，请稍后再试。",
        "Too many requests, please try again later.",
    ),
    # parts
    "PART_NUMBER_TAKEN": ("你已登记该零件号。", "You already list this part number."),
    "UNKNOWN_CAPABILITY": ("未知的能力标签：{tag}", "Unknown capability tag: {tag}"),
    "CLAIM_CODE_INVALID": ("认领码不正确。", "This claim code is not right."),
    "CLAIM_CODE_USED": (
        "该认领码已被使用，此零件已提交审核。",
        "This claim code was already used; the part has been sent for review.",
    ),
    "NOT_CUSTODIAN": (
        "你不是该零件当前的保管人，此零件已提交审核。",
        "You are not this part's current custodian; the part has been sent for review.",
    ),
    "PART_BLOCKED": ("该零件已被认定为仿冒品。", "This part was found to be a clone."),
    "PART_RECALLED": ("该零件已被召回。", "This part has been recalled."),
    "EVENT_NOT_ALLOWED": (
        "该零件当前状态下不能记录此事件。",
        "This event cannot be recorded for the part as it stands.",
    ),
    "CHAIN_BUSY": ("该零件正被频繁更新，请重试。", "The part is busy, please retry."),
    "REVIEW_CLOSED": ("该审核已处理。", "This review has already been decided."),
    "parts.count": ("每批数量须在 {min} 到 {max} 之间。", "A batch holds {min} to {max} units."),
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
