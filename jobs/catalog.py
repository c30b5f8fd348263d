"""Every job Convoy runs: importing this module imports each ``jobs/<domain>.py``, whose
``@job`` declarations fill the registry."""

from __future__ import annotations

from jobs import badges, core, events, loyalty, rankings
from jobs.registry import JOBS, Job

#: The modules declaring jobs (a new ``jobs/<domain>.py`` is added here).
JOB_MODULES = (core, loyalty, events, badges, rankings)


def load_jobs() -> dict[str, Job]:
    """Every declared job by name."""
    return JOBS
