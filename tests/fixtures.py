"""Domain fixtures (members, staff, tokens) registered for every test module."""

from __future__ import annotations
