"""GraphQL side of verified parts: the catalog, keys, units, verification and clone reviews."""
