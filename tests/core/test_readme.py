"""A newcomer finds the demo logins and the operator's guide on the README's first screen."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: What a terminal or a repository page shows before any scrolling.
FIRST_SCREEN_LINES = 24


def test_the_first_screen_links_the_demo_logins_and_the_production_guide() -> None:
    first_screen = "\n".join(
        (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:FIRST_SCREEN_LINES]
    )
    links = set(re.findall(r"\]\(([^)#]+)\)", first_screen))
    assert {"docs/demo.md", "docs/production.md"} <= links
    assert (ROOT / "docs" / "demo.md").is_file()
