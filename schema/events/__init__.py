"""GraphQL side of off-road events."""
