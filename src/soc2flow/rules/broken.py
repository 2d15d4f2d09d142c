"""Broken evidence proves nothing (SPEC §7.6): which records have a finding that voids them.

A record with one of the findings in BROKEN (its files missing, changed, outside its
folder, reached through a symlink or a submodule, or its dates in the future) satisfies
no period in ``due``, ``coverage``, ``show`` or the binder. The set is the one place that
says which rules void a record; a rule added to it applies everywhere at once.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from soc2flow.domain.seams import CommittedBlob
from soc2flow.loading import Repository
from soc2flow.loading.source import FileSource

BROKEN = frozenset(
    {
        "evidence-file-missing",
        "evidence-hash-mismatch",
        "evidence-path-invalid",
        "evidence-symlink",
        "evidence-performed-future",
        "date-in-future",
    }
)


def broken_records(
    repo: Repository,
    source: FileSource,
    as_of: date,
    committed_blob: CommittedBlob | None = None,
) -> dict[str, str]:
    """Each voided record's path and the first rule that voids it (``committed_blob``,
    ``history.eol.committed_if_unchanged``, lets a work tree's line-ending conversion be
    told from tampering)."""
    from soc2flow.rules import RuleContext, all_rules, run_rules

    records = {entry.path for entry in repo.records}
    if not records:
        return {}
    rules = [r for rid, r in all_rules().items() if rid in BROKEN and not r.needs_history]
    found, _ = run_rules(
        RuleContext(repo, source, as_of, committed_blob=committed_blob), rules=rules
    )
    voided: dict[str, str] = {}
    for finding in sorted(found, key=lambda d: (d.path, d.line, d.rule)):
        if finding.path in records and str(finding.severity) == "error":
            voided.setdefault(finding.path, finding.rule)
    return voided


def without_broken(repo: Repository, voided: dict[str, str]) -> Repository:
    """The repository with the voided records left out (the same object when none are)."""
    if not voided:
        return repo
    kept = [entry for entry in repo.records if entry.path not in voided]
    return dataclasses.replace(repo, records=kept)
