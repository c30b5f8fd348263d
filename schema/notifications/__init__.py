"""GraphQL side of notifications: the viewer's list, marking read, the live subscription."""
