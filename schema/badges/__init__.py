"""GraphQL side of badges: the catalog, holders, member and viewer badges, staff mutations."""
