"""Item versions with approvals and the approval rules (SPEC §4, §7.6).

A version of a policy, control or exception is one change of its file on the
first-parent line. It is approved when at least the profile's ``approvals`` count
of distinct people approved it with a provenance the profile counts, each allowed to
approve the item, and (with ``approvals.independent``) none of them an author of the
change. Who may approve is ``soc2flow.domain.org.People.approvers``.

Every version is judged by the governance state in force at its first parent
(``history.governance``: people, profiles and trusted keys of that time) and by the
terms of the last approved version before it (the first version by its own terms).
A deleted item added again at the same path continues its versions.
"""

from __future__ import annotations

from typing import Any

from soc2flow.domain.changes import Change
from soc2flow.domain.content import facts_of
from soc2flow.domain.judging import (
    Rule,
    Version,
    approval_rule,
    in_force,
    judge,
)
from soc2flow.domain.org import People
from soc2flow.domain.terms import Terms, TermsReader, terms_of
from soc2flow.domain.trust import State
from soc2flow.history.governance import governance_of
from soc2flow.history.repo_history import RepoHistory
from soc2flow.loading import Entry, Repository
from soc2flow.models import Config


def item_versions(repo: Repository, history: RepoHistory) -> dict[str, list[Version]]:
    """For every policy, control, exception, vendor and risk ID, its versions newest first
    (dates read in the organisation's time zone)."""
    config = repo.config.model if repo.config else None
    if config is not None and hasattr(history, "use_timezone"):
        history.use_timezone(config.timezone)
    people = People(config)
    entries: list[Entry[Any]] = list(repo.items())
    changes = {entry.path: history.changes(entry.path) for entry in entries}
    wanted = sorted({c.blob for found in changes.values() for c in found if c.blob})
    contents = dict(zip(wanted, history.blobs(wanted), strict=True))  # one batch for all
    return {
        entry.model.id: judge_versions(
            entry, changes[entry.path], contents, history, people, config
        )
        for entry in entries
    }


def versions_of(
    entry: Entry[Any], history: RepoHistory, people: People, config: Config | None
) -> list[Version]:
    """The versions of one item, each judged by the terms in force before it."""
    changes = history.changes(entry.path)
    wanted = [c.blob for c in changes if c.blob]
    contents = dict(zip(wanted, history.blobs(wanted), strict=True))
    return judge_versions(entry, changes, contents, history, people, config)


def judge_versions(
    entry: Entry[Any],
    changes: list[Change],
    contents: dict[str, bytes | None],
    history: RepoHistory,
    people: People,
    config: Config | None,
) -> list[Version]:
    """Judge an item's changes oldest first, each by the last approved terms before it."""
    del people  # each version is judged by the people of its governance state
    governance = governance_of(history, config)
    kept = [c for c in changes if c.status != "D"]
    blobs = [contents.get(c.blob) if c.blob else None for c in kept]
    reader = TermsReader(terms_of(entry.model))
    terms = [reader.read(b) for b in blobs]
    rules: dict[tuple[int, Terms], Rule] = {}
    versions: list[Version] = []
    anchor: Terms | None = None  # the terms in force: the last approved version's
    for number in reversed(range(len(kept))):  # oldest first
        change = kept[number]
        state = governance.before(change.commit)
        own = _rule(rules, state, terms[number])
        rule = own if anchor is None else in_force(_rule(rules, state, anchor), own)
        before = facts_of(blobs[number + 1]) if number + 1 < len(kept) else None
        problems = history.note_problems(change.commit)
        version = judge(
            change, facts_of(blobs[number]), before, rule, state, problems,
            governance.unsigned_notes,
        )  # fmt: skip
        if anchor is None or version.approved:
            anchor = terms[number]
        versions.append(version)
    versions.reverse()
    return versions


def _rule(cache: dict[tuple[int, Terms], Rule], state: State, terms: Terms) -> Rule:
    key = (id(state), terms)
    found = cache.get(key)
    if found is None:
        found = cache[key] = approval_rule(terms, state.people, state.config)
    return found


__all__ = ["item_versions", "judge_versions", "versions_of"]
