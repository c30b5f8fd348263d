"""GraphQL side of accounts: sign-up, sign-in, token refresh, sign-out, passwords, staff roles."""
