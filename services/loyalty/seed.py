"""The default tiers and earning rules (data, not code): loaded by the data migration, the demo
fixtures and tests, idempotently (existing rows are never overwritten)."""

from __future__ import annotations

from models.loyalty import CapPeriod, EarningRule, Tier

#: key, rank, zh, en, threshold, multiplier %, early sign-up h, marketplace %, services/quarter
DEFAULT_TIERS: list[tuple[str, int, str, str, int, int, int, int, int]] = [
    ("STANDARD", 0, "普通会员", "Standard", 0, 100, 0, 0, 0),
    ("SILVER", 1, "银卡会员", "Silver", 2_000, 110, 12, 2, 0),
    ("GOLD", 2, "金卡会员", "Gold", 8_000, 125, 24, 5, 1),
    ("DIAMOND", 3, "钻石会员", "Diamond", 20_000, 150, 48, 10, 2),
]

#: reason, zh, en, base points, cap count, cap period, tier multiplier applies
DEFAULT_RULES: list[tuple[str, str, str, int, int | None, CapPeriod | None, bool]] = [
    ("DAILY_CHECKIN", "每日签到", "Daily check-in", 10, 1, CapPeriod.DAY, True),
    ("EVENT_COMPLETED", "完成活动", "Event completed", 200, None, None, True),
    ("PURCHASE", "消费积分", "Purchase", 1, None, None, True),
    ("REFERRAL", "推荐新会员", "Referral", 500, 5, CapPeriod.MONTH, False),
    ("BADGE_AWARDED", "获得徽章", "Badge awarded", 50, None, None, False),
    ("SEASON_AWARD", "赛季奖励", "Season award", 1_000, None, None, False),
    ("FEEDBACK_GIVEN", "服务评价", "Service feedback", 20, 3, CapPeriod.WEEK, True),
    ("ORDER_COMPLETED", "完成交易", "Marketplace order completed", 100, None, None, True),
]


async def seed_defaults() -> None:
    """Insert the default tiers and earning rules that are missing."""
    await Tier.bulk_create(
        [
            Tier(
                key=key,
                rank=rank,
                name_zh=zh,
                name_en=en,
                threshold=threshold,
                earn_multiplier_pct=multiplier,
                early_signup_hours=early,
                marketplace_discount_pct=discount,
                free_services_per_quarter=services,
            )
            for key, rank, zh, en, threshold, multiplier, early, discount, services in DEFAULT_TIERS
        ],
        ignore_conflicts=True,
    )
    await EarningRule.bulk_create(
        [
            EarningRule(
                reason=reason,
                name_zh=zh,
                name_en=en,
                base_points=points,
                cap_count=cap,
                cap_period=period,
                tier_multiplier=multiplier,
            )
            for reason, zh, en, points, cap, period, multiplier in DEFAULT_RULES
        ],
        ignore_conflicts=True,
    )
