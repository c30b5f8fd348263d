"""Shared GraphQL building blocks: errors, Relay nodes, connections, permissions."""
