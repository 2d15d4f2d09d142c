"""Item versions with approvals and the approval rules (SPEC §4).

A version of a policy, control or exception is one change of its file on the
first-parent line. It is approved when at least the profile's ``approvals`` count
of distinct people approved it, each allowed to approve the item, and (with
``approvals.independent``) none of them an author of the change.

Who may approve: the item's ``approvers`` (a team means its members and lead); when
none are named, the lead of the owner's team (or of the owning team), else the
owner's manager, else (controls) the ``escalation`` list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from soc2flow.history.content import Facts, facts_of
from soc2flow.history.identities import People
from soc2flow.history.model import Change, Provenance, RawApproval
from soc2flow.history.repo_history import RepoHistory
from soc2flow.history.terms import Terms, TermsReader, terms_of
from soc2flow.loading import Entry, Repository
from soc2flow.models import Config

BACKDATE_DAYS = 30
_STRENGTH = {"signed": 0, "pr-review": 1, "trailer": 2}


@dataclass(frozen=True)
class Approval:
    """One person's approval of a version: ``who`` is a person id when known."""

    who: str
    provenance: Provenance
    commit: str


@dataclass(frozen=True)
class Version:
    """One version of an item, newest first in ``item_versions``."""

    commit: str
    date: datetime
    author: str  # person id (or identity) of the first author
    authors: tuple[str, ...]
    pr: int | None
    paths: tuple[str, ...]
    approvals: tuple[Approval, ...]
    approved: bool
    findings: tuple[str, ...]  # rule ids: self-approval, insufficient-approvals, ...
    messages: tuple[str, ...] = ()  # one sentence per finding, same order
    path: str = ""  # the item's file in this version
    subject: str = ""
    status: str = ""  # A added, M modified, R renamed, T type changed
    old_path: str | None = None  # the file's name before a rename


@dataclass(frozen=True)
class Rule:
    """What approving one item takes."""

    required: int
    allowed: frozenset[str]
    independent: bool


def item_versions(repo: Repository, history: RepoHistory) -> dict[str, list[Version]]:
    """For every policy, control, exception, vendor and risk ID, its versions newest first."""
    config = repo.config.model if repo.config else None
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
    blobs = [contents.get(c.blob) if c.blob else None for c in changes]
    facts = [facts_of(b) for b in blobs]
    reader = TermsReader(terms_of(entry.model))
    rules = [approval_rule(reader.read(b), people, config) for b in blobs]
    versions = []
    for number, change in enumerate(changes):
        older = number + 1 < len(changes)
        before = facts[number + 1] if older else None
        rule = combined(rules[number + 1], rules[number]) if older else rules[number]
        problems = history.note_problems(change.commit)
        versions.append(judge(change, facts[number], before, rule, people, problems))
    return versions


def combined(before: Rule, after: Rule) -> Rule:
    """Approvers allowed before the change, and the larger of the two counts."""
    return Rule(max(before.required, after.required), before.allowed, before.independent)


def approval_rule(terms: Terms, people: People, config: Config | None) -> Rule:
    """Required count and allowed approvers of an item (see the module docstring)."""
    profile = config.profiles.get(terms.level) if config else None
    required = profile.approvals if profile else 1
    independent = config.approvals.independent if config else True
    return Rule(required, frozenset(allowed_approvers(terms, people)), independent)


def allowed_approvers(terms: Terms, people: People) -> set[str]:
    if terms.approvers:
        return people.expand(list(terms.approvers))
    leads = people.leads_of(terms.owner)
    if leads:
        return leads
    manager = people.managers.get(terms.owner)
    if manager:
        return {manager}
    if terms.control and terms.escalation:
        return people.expand(list(terms.escalation))
    return set()


def resolve(raw: RawApproval, people: People) -> Approval:
    """Map an approval to a person; an Approved-by signed by that person is ``signed``."""
    if raw.provenance == "pr-review":
        return Approval(people.login(raw.identity) or raw.identity, "pr-review", raw.commit)
    who = people.label(raw.identity)
    provenance = raw.provenance
    if provenance == "trailer" and raw.signer and people.identity(raw.signer) == who:
        provenance = "signed"
    return Approval(who, provenance, raw.commit)


def strongest(approvals: list[Approval]) -> tuple[Approval, ...]:
    """One approval per person: the strongest provenance, first seen on ties."""
    best: dict[str, Approval] = {}
    for approval in approvals:
        kept = best.get(approval.who)
        if kept is None or _STRENGTH[approval.provenance] < _STRENGTH[kept.provenance]:
            best[approval.who] = approval
    return tuple(best.values())


def judge(
    change: Change,
    facts: Facts,
    before: Facts | None,
    rule: Rule,
    people: People,
    note_problems: list[str],
) -> Version:
    """Apply the approval rules to one change."""
    authors = tuple(dict.fromkeys(people.label(a) for a in change.authors))
    approvals = strongest([resolve(raw, people) for raw in change.raw_approvals])
    found: list[tuple[str, str]] = []
    own = [a.who for a in approvals if a.who in authors]
    if rule.independent and own:
        found.append(("self-approval", f"{', '.join(own)} approved a change they authored"))
    counted = {
        a.who
        for a in approvals
        if a.who in rule.allowed and not (rule.independent and a.who in authors)
    }
    approved = len(counted) >= rule.required
    if not approved:
        found.append(("insufficient-approvals", _insufficient(len(counted), rule)))
    found.extend(_review_dates(change, facts, before))
    found.extend(_owner_change(facts, before, authors, approvals, people))
    found.extend(("note-invalid", problem) for problem in note_problems)
    return Version(
        commit=change.commit,
        date=change.date,
        author=authors[0] if authors else "",
        authors=authors,
        pr=change.pr,
        paths=change.paths,
        approvals=approvals,
        approved=approved,
        findings=tuple(rule_id for rule_id, _ in found),
        messages=tuple(message for _, message in found),
        path=change.path,
        subject=change.subject,
        status=change.status,
        old_path=change.old_path,
    )


def _insufficient(count: int, rule: Rule) -> str:
    if not rule.allowed:
        return (
            f"needs {rule.required} approval(s) but nobody may approve it; "
            "name approvers, or a team lead or manager for the owner"
        )
    names = ", ".join(sorted(rule.allowed))
    return f"has {count} of {rule.required} required approval(s) from {names}"


def _review_dates(change: Change, facts: Facts, before: Facts | None) -> list[tuple[str, str]]:
    found = []
    committed = change.date.date()
    pairs = [("reviewed", facts.reviewed, before.reviewed if before else None)]
    pairs.append(
        (
            "inherited.reviewed",
            facts.reliance_reviewed,
            before.reliance_reviewed if before else None,
        )
    )
    for key, now, then in pairs:
        if now is None or now == then:
            continue
        if now > committed:
            found.append(
                (
                    "backdated-review",
                    f"{key}: {now} is later than the commit that set it ({committed})",
                )
            )
        elif (committed - now).days > BACKDATE_DAYS:
            found.append(
                (
                    "backdated-review",
                    f"{key}: {now} is {(committed - now).days} days before the commit that set it "
                    f"({committed}); record a review within {BACKDATE_DAYS} days",
                )
            )
    return found


def _owner_change(
    facts: Facts,
    before: Facts | None,
    authors: tuple[str, ...],
    approvals: tuple[Approval, ...],
    people: People,
) -> list[tuple[str, str]]:
    if before is None or facts.owner is None or before.owner is None or facts.owner == before.owner:
        return []
    new_owner = people.expand([facts.owner])
    acknowledged = new_owner & ({a.who for a in approvals} | set(authors))
    if acknowledged:
        return []
    return [
        (
            "owner-changed",
            f"owner changed from {before.owner} to {facts.owner} without an approval by {facts.owner}",
        )
    ]
