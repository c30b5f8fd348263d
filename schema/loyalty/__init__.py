"""GraphQL side of loyalty: points, tiers, contribution, rewards and coupons."""
