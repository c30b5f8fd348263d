"""Accounts: credentials, password policy, access and refresh tokens, sign-in limits."""
