"""Loyalty: the points ledger (``ledger``: earn, hold, capture, release, reverse), earning rules,
tiers and their benefits, rewards and coupons, expiry, staff tools, contribution and the
consistency check. Other domains call ``ledger``, ``tiers.benefits_for`` and
``contribution.add_contribution``."""

from services.loyalty.export import loyalty_section
from services.members.export import register_export_section

register_export_section("loyalty", loyalty_section)
