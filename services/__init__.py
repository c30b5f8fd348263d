"""Business rules of Convoy. Every write lives here. No GraphQL, no HTTP."""
