"""The ``changes`` measurement of benchmarks/run.py (SPEC §7.4, docs/populations.md)."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import generate

HERE = Path(__file__).resolve().parent


def changes_measures(
    measure: Callable[..., Any], cli: list[str], skipped: list[str], available: str
) -> list[Any]:
    """``changes`` over the audit period against its floor; none when the command is missing.
    ``measure`` is run.py's ``Measure``.

    The floor is ``git log --first-parent`` with the history engine's format over the same
    instants: the period's days in the config's timezone, as ``changes`` reads them (the
    generated repository's is America/New_York, so the days end at 05:00 UTC). The cost of
    the monotone clock is shown beside it: ``git rev-list --first-parent --timestamp`` from
    the head to the root, which ``changes`` cannot skip (a commit before the period may
    claim a date that moves the period's commits, docs/populations.md).

    Two bounds show what any implementation must pay beyond the floor: the clock and the
    floor run together (git's share, on two cores), and ``changes_bound.py`` (those two
    git processes plus the least Python work: one JSON line per commit, nothing judged).
    """
    if not available:
        skipped.append("changes")
        return []
    from soc2flow.history.log import FORMAT

    zone = ZoneInfo(generate.TIMEZONE)
    start = datetime.combine(generate.AUDIT_START, time(), zone)
    end = datetime.combine(generate.AUDIT_END + timedelta(days=1), time(), zone)
    floor = "floor: git log --first-parent (period)"
    since, until = f"--since={start.isoformat()}", f"--until={end.isoformat()}"
    period_log = ["git", "log", "-z", "--first-parent", f"--format={FORMAT}", since, until]
    clock = ["git", "rev-list", "--first-parent", "--timestamp", "HEAD"]
    both = f"{shlex.join(clock)} >/dev/null & {shlex.join(period_log)} >/dev/null; wait"
    return [
        measure(floor, period_log),
        measure("clock: git rev-list --first-parent (to the root)", clock, floor),
        measure("bound: the clock and the floor together", ["sh", "-c", both], floor),
        measure(
            "bound: changes_bound.py (git's share and the least Python)",
            [sys.executable, str(HERE / "changes_bound.py"), FORMAT, since, until],
            floor,
        ),
        measure(
            "changes --format json",
            [*cli, "changes", "--config", "soc2flow.yaml", "--format", "json"],
            floor,
            1.5,
        ),
    ]
