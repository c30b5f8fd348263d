"""GraphQL side of members: profiles, privacy, garages, exports."""
