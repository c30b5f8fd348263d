"""GraphQL side of the route catalog."""
