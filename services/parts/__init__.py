"""Verified parts: catalog, issuer keys, commissioning, provenance, verification, clones."""
