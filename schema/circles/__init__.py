"""GraphQL side of circles: circles and memberships, posts, comments, reactions, moderation
and route proposals."""
