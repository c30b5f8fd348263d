"""GraphQL side of leaderboards: the board query, the viewer's rank, live top-10 updates and
the staff rebuild."""
