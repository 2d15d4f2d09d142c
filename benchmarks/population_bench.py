"""The ``changes`` measurement of benchmarks/run.py (SPEC §7.4, docs/populations.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import generate


def changes_measures(
    measure: Callable[..., Any], cli: list[str], skipped: list[str], available: str
) -> list[Any]:
    """``changes`` over the audit period against ``git log --first-parent`` with the same
    format (the history engine's) over the same days; none when the command is missing.
    ``measure`` is run.py's ``Measure``."""
    if not available:
        skipped.append("changes")
        return []
    from soc2flow.history.log import FORMAT

    start, end = generate.AUDIT_START, generate.AUDIT_END + timedelta(days=1)
    floor = "floor: git log --first-parent (period)"
    since, until = f"--since={start}T00:00:00Z", f"--until={end}T00:00:00Z"
    return [
        measure(floor, ["git", "log", "-z", "--first-parent", f"--format={FORMAT}", since, until]),
        measure(
            "changes --format json",
            [*cli, "changes", "--config", "soc2flow.yaml", "--format", "json"],
            floor,
            1.5,
        ),
    ]
