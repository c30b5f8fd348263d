"""Verified parts: catalog, issuer keys, commissioning, provenance, verification, clones.

A member's export gets a ``parts`` section. Erasing a member changes no chain: events keep
the member's id (the member row stays, pseudonymised), so every hash still checks out and the
public timeline shows them as a deleted member."""

from services.members.export import register_export_section
from services.parts.export import parts_section

register_export_section("parts", parts_section)
