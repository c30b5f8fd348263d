"""Members: profiles, privacy, garages, data exports and account deletion."""
