"""Dates are claims (SPEC §7.6): commit dates read through a monotone clock.

A commit's effective date is the later of its own committer date and its first parent's
effective date (``soc2flow.history.graph.Landed.date``); every rule that uses a commit
date uses it. These rules report the commits whose own date cannot be true.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from soc2flow.diagnostics import Severity
from soc2flow.domain.seams import Landing
from soc2flow.loading.repository import kind_of
from soc2flow.rules.base import Hit, RuleContext, rule

E, W = Severity.ERROR, Severity.WARNING
SLACK = timedelta(days=1)


def suspect_commits(
    line: Sequence[Landing], now: datetime | None
) -> Iterator[tuple[Landing, str, bool]]:
    """(landed commit, why, is_error) for every first-parent commit whose date cannot be true:
    before its first parent's effective date, or (with ``now``) more than a day after now."""
    for landed in line:
        own = landed.own_date
        if now is not None and own > now + SLACK:
            yield landed, f"is dated {own.isoformat()}, more than a day after this run", True
        elif landed.suspect and landed.floor is not None:
            yield (
                landed,
                f"is dated {own.isoformat()}, before its first parent "
                f"({landed.floor.isoformat()}); its effective date is the parent's",
                False,
            )


@rule(
    "commit-date-suspect",
    W,
    fails="a commit dated 2026-03-01 whose first parent is dated 2026-04-01 "
    "(an error when the commit is dated more than a day after the run)",
    passes="commit dates that only move forward on the first-parent line",
    needs_history=True,
)
def commit_date_suspect(ctx: RuleContext) -> Iterator[Hit]:
    """Commit dates on the first-parent line move forward and are not in the future."""
    line = ctx.history.line if ctx.history is not None else []
    for landed, why, is_error in suspect_commits(line, ctx.extras.get("now")):
        paths = [f.path for f in landed.commit.files if kind_of(f.path) is not None]
        where = paths[0] if paths else "soc2flow.yaml"
        yield Hit(
            where,
            1,
            1,
            f"commit {landed.commit.id[:12]} {why}; dates in git are claims",
            E if is_error else None,
        )
