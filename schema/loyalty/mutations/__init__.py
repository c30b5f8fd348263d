"""Loyalty mutations: members check in and redeem rewards (``members``); staff verify coupons
and adjust or grant points (``staff``)."""

from schema.loyalty.mutations.members import LoyaltyMutations
from schema.loyalty.mutations.staff import LoyaltyStaffMutations

__all__ = ["LoyaltyMutations", "LoyaltyStaffMutations"]
