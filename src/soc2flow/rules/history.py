"""History rules: approvals, review dates and owners read from git (SPEC §4).

Only the newest version of each item is judged: it is the state an engineer can still
fix with a new, approved change. ``soc2flow history ID`` shows every version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from soc2flow.diagnostics import Severity
from soc2flow.loading import Entry
from soc2flow.rules.base import Hit, RuleContext, hit, rule

if TYPE_CHECKING:
    from soc2flow.domain.judging import Version

E, W = Severity.ERROR, Severity.WARNING


def _items(ctx: RuleContext) -> Iterator[Entry[Any]]:
    yield from ctx.repo.items()


def _newest_findings(
    ctx: RuleContext, rule_id: str, when: Callable[[Version], bool] = lambda _: True
) -> Iterator[Hit]:
    """Hits for one finding of the newest version of every item (where ``when`` holds).

    A finding about one key (``reviewed``, ``inherited.reviewed``, ``owner``) is placed
    at that key; one about the change as a whole at the item's ``id``.
    """
    for entry in _items(ctx):
        versions: Sequence[Version] = (ctx.versions or {}).get(entry.model.id) or []
        if not versions or not when(versions[0]):
            continue
        newest = versions[0]
        for problem in newest.problems:
            if problem.rule == rule_id:
                keys = problem.keys or ("id",)
                yield hit(entry, keys, f"{_label(newest)}: {problem.message}")


def _label(version: Version) -> str:
    pr = f" (PR #{version.pr})" if version.pr is not None else ""
    return f"change {version.commit[:12]}{pr}"


@rule(
    "self-approval",
    E,
    fails="bob commits a change to AC-01 with `Approved-by: Bob Stone <bob@example.com>`",
    passes="bob commits the change, carol approves it",
    needs_history=True,
)
def self_approval(ctx: RuleContext) -> Iterator[Hit]:
    """With approvals.independent, nobody approves a change they authored."""
    yield from _newest_findings(ctx, "self-approval")


@rule(
    "insufficient-approvals",
    W,
    fails="a `criticality: high` policy (2 approvals) changed with one approval",
    passes="the change approved by two of the policy's approvers",
    needs_history=True,
)
def insufficient_approvals(ctx: RuleContext) -> Iterator[Hit]:
    """The newest change of an item that has approvals has as many as its profile needs."""
    yield from _newest_findings(ctx, "insufficient-approvals", when=lambda v: bool(v.approvals))


@rule(
    "backdated-review",
    E,
    fails="a commit of 2026-03-10 sets `reviewed: 2026-01-02` (or `reviewed: 2026-04-01`)",
    passes="a commit of 2026-03-10 sets `reviewed: 2026-03-09`",
    needs_history=True,
)
def backdated_review(ctx: RuleContext) -> Iterator[Hit]:
    """A `reviewed:` date is set by a commit on that date or up to 30 days after it."""
    yield from _newest_findings(ctx, "backdated-review")


@rule(
    "owner-changed",
    W,
    fails="a change makes dave the owner of AC-01 with neither dave's approval nor authorship",
    passes="dave approves (or authors) the change that makes him the owner",
    needs_history=True,
)
def owner_changed(ctx: RuleContext) -> Iterator[Hit]:
    """A new owner acknowledges the ownership by approving (or authoring) that change."""
    yield from _newest_findings(ctx, "owner-changed")


@rule(
    "unapproved-change",
    W,
    fails="on the default branch, the newest change of POL-ACCESS has no approval",
    passes="the newest change has the approvals its profile needs",
    needs_history=True,
)
def unapproved_change(ctx: RuleContext) -> Iterator[Hit]:
    """On the default branch, the newest version of every item is approved."""
    if ctx.history is None or not ctx.history.on_default_branch():
        return
    for entry in _items(ctx):
        versions = (ctx.versions or {}).get(entry.model.id) or []
        if versions and not versions[0].approved and not versions[0].approvals:
            newest = versions[0]
            yield hit(
                entry,
                ("id",),
                f"{_label(newest)} is not approved; approve it through a reviewed pull "
                "request (see soc2flow history " + entry.model.id + ")",
            )


@rule(
    "uncommitted-change",
    W,
    fails="controls/AC-01.yaml edited and not committed; an execution record written (or a "
    "committed one edited) and not committed",
    passes="the edit committed and merged through an approved pull request; the record committed",
    needs_history=True,
)
def uncommitted_change(ctx: RuleContext) -> Iterator[Hit]:
    """Item files and records match the last commit (else unapproved, or with no recorded date).

    An uncommitted edit of an item is never approved; a record that is not committed (new,
    staged, ignored, or edited since its commit) has no recorded date (SPEC §7.1).
    """
    if ctx.history is None:
        return
    dirty = ctx.history.dirty_paths()
    for entry in _items(ctx):
        if entry.path in dirty:
            yield hit(
                entry,
                ("id",),
                "the file has uncommitted changes; they are not a version and count as "
                "approved only once committed and approved",
            )
    for record in ctx.repo.records:
        if not ctx.history.committed(record.path):
            yield hit(
                record,
                ("performed",),
                "the record is not committed: it has no recorded date, counts in due and "
                "show, and is never in the binder; commit it",
            )


@rule(
    "note-invalid",
    W,
    fails='the note on a merge commit in refs/notes/soc2flow is `{"head": [`',
    passes="notes written by `soc2flow approvals record`",
    needs_history=True,
)
def note_invalid(ctx: RuleContext) -> Iterator[Hit]:
    """Notes in refs/notes/soc2flow are review records as `approvals record` writes them."""
    if ctx.history is None:
        return
    for commit in sorted(ctx.history.notes):
        for problem in ctx.history.note_problems(commit):
            yield Hit("refs/notes/soc2flow", 1, 1, f"note on {commit[:12]}: {problem}")
