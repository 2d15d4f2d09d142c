"""Judging one change of an item: who approved it, whether that counts, what is wrong.

Pure decisions over data (a change, the facts of its file, the governance state of its
time); no git. ``history.approvals`` walks an item's versions and calls ``judge``;
``history.governance`` judges governance-file changes with the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from soc2flow.domain.changes import Change, Provenance, RawApproval
from soc2flow.domain.content import Facts
from soc2flow.domain.org import People
from soc2flow.domain.terms import Terms
from soc2flow.domain.trust import State
from soc2flow.models import Config
from soc2flow.models.config import provenance_of

BACKDATE_DAYS = 30
_STRENGTH = {"signed": 0, "pr-review": 1, "trailer": 2}
NOT_COUNTED = "asserted, not counted"
NOBODY = "nobody: no person has this email (a name alone identifies nobody)"
NOBODY_LOGIN = "nobody: no person has exactly this GitHub login"
UNSIGNED_NOTE = "recorded review not signed by approvals.recorder"
LEFT = "had left by the day of the change"


@dataclass(frozen=True)
class Approval:
    """One person's approval of a version: ``who`` is a person id when known."""

    who: str
    provenance: Provenance
    commit: str
    counted: bool = True
    why: str = ""  # why it does not count ("asserted, not counted", ...)
    recorded: str = ""  # pr-review: "signed by the recorder" or "unsigned"

    def as_dict(self) -> dict[str, object]:
        """The approval in history and changes JSON."""
        return {
            "who": self.who,
            "provenance": self.provenance,
            "commit": self.commit,
            "counted": self.counted,
        }


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a version: which rule, where in the item's file, one sentence."""

    rule: str  # self-approval, insufficient-approvals, backdated-review, owner-changed, ...
    message: str
    keys: tuple[str, ...] = ()  # the key path in the item's file; () for the item as a whole


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
    problems: tuple[Finding, ...]
    path: str = ""  # the item's file in this version
    subject: str = ""
    status: str = ""  # A added, M modified, R renamed, T type changed
    old_path: str | None = None  # the file's name before a rename

    @property
    def findings(self) -> tuple[str, ...]:
        """The rule ids of the problems, in order."""
        return tuple(p.rule for p in self.problems)

    @property
    def messages(self) -> tuple[str, ...]:
        """One sentence per finding, same order."""
        return tuple(p.message for p in self.problems)


@dataclass(frozen=True)
class Rule:
    """What approving one item takes."""

    required: int
    allowed: frozenset[str]
    independent: bool
    counts: tuple[str, ...] = ("signed", "pr-review", "trailer")


def combined(before: Rule, after: Rule) -> Rule:
    """Approvers allowed before the change, the larger count, the stricter provenances."""
    counts = tuple(p for p in before.counts if p in after.counts)
    return Rule(max(before.required, after.required), before.allowed, before.independent, counts)


def in_force(before: Rule, own: Rule) -> Rule:
    """The rule for a change, from the terms in force before it and its own terms.

    Only the approvers in force approve it, at the larger count and the stricter
    provenances (``combined``). When fewer people are allowed to approve than the count
    needs (a high control whose first version named no approvers, so only its owner's
    team lead may; an approver who has left), the count is capped at their number, at
    least 1, as SPEC §7.6 caps a governance change: otherwise no change could ever be
    approved again, not even the one that names the missing approvers.
    """
    rule = combined(before, own)
    if 0 < len(rule.allowed) < rule.required:
        rule = replace(rule, required=len(rule.allowed))
    return rule


def approval_rule(terms: Terms, people: People, config: Config | None) -> Rule:
    """Required count, allowed approvers and counted provenances of an item."""
    profile = config.profiles.get(terms.level) if config else None
    required = profile.approvals if profile else 1
    independent = config.approvals.independent if config else True
    counts = provenance_of(terms.level, profile)
    return Rule(required, frozenset(allowed_approvers(terms, people)), independent, counts)


def allowed_approvers(terms: Terms, people: People) -> set[str]:
    return people.approvers(terms)


def resolve(raw: RawApproval, state: State, unsigned: frozenset[str] | None = None) -> Approval:
    """Map an approval to a person; an Approved-by signed with that person's trusted key
    (under the governance state of its time) is ``signed``. With a recorder (``unsigned``
    is not None), a review note counts only when the recorder signed it."""
    people = state.people
    if raw.provenance == "pr-review":
        login = people.login(raw.identity)
        recorded = "unsigned" if unsigned is None else "signed by the recorder"
        if login is None:
            return Approval(raw.identity, "pr-review", raw.commit, False, NOBODY_LOGIN, recorded)
        if unsigned is not None and raw.commit in unsigned:
            return Approval(login, "pr-review", raw.commit, False, UNSIGNED_NOTE, "unsigned")
        return Approval(login, "pr-review", raw.commit, recorded=recorded)
    who = people.identity(raw.identity)
    if who is None:
        return Approval(raw.identity, raw.provenance, raw.commit, False, NOBODY)
    provenance = raw.provenance
    if raw.key and who in state.signers(raw.key, raw.signer):
        provenance = "signed"
    return Approval(who, provenance, raw.commit)


def strongest(approvals: list[Approval]) -> tuple[Approval, ...]:
    """One approval per person: the strongest provenance, first seen on ties."""
    best: dict[tuple[str, bool], Approval] = {}
    for approval in approvals:
        key = (approval.who, not approval.why)  # "dave" the name is not dave the person
        kept = best.get(key)
        if kept is None or _STRENGTH[approval.provenance] < _STRENGTH[kept.provenance]:
            best[key] = approval
    return tuple(best.values())


def authors_of(change: Change, state: State) -> tuple[str, ...]:
    """The change's authors as people, and whoever signed the commits that made it."""
    people = state.people
    found = [people.label(a) for a in change.authors]
    for author, key, uid in change.made:
        found.append(people.label(author))
        found.extend(sorted(state.signers(key, uid)))
    return tuple(dict.fromkeys(found))


def weigh(
    approval: Approval,
    rule: Rule,
    authors: tuple[str, ...],
    people: People,
    on: date | None = None,
) -> Approval:
    """The approval, marked counted or not (and why not); ``on``: the change's day."""
    if approval.why:
        return approval  # an identity that is nobody
    why = ""
    if approval.who not in people.ids:
        why = "not a person of soc2flow.yaml"
    elif approval.who not in rule.allowed:
        why = "not an approver of this item"
    elif on is not None and not people.active_on(approval.who, on):
        why = LEFT
    elif rule.independent and approval.who in authors:
        why = "an author of the change"
    elif approval.provenance not in rule.counts:
        why = NOT_COUNTED
    return Approval(
        approval.who, approval.provenance, approval.commit, not why, why, approval.recorded
    )


def judge(
    change: Change,
    facts: Facts,
    before: Facts | None,
    rule: Rule,
    state: State,
    note_problems: list[str],
    unsigned: frozenset[str] | None = None,
) -> Version:
    """Apply the approval rules to one change."""
    people = state.people
    authors = authors_of(change, state)
    raw = strongest([resolve(r, state, unsigned) for r in change.raw_approvals])
    approvals = tuple(weigh(a, rule, authors, people, change.date.date()) for a in raw)
    found: list[Finding] = []
    own = [a.who for a in approvals if a.who in authors and a.why != NOBODY]
    if rule.independent and own:
        found.append(Finding("self-approval", f"{', '.join(own)} approved a change they authored"))
    counted = {a.who for a in approvals if a.counted}
    approved = len(counted) >= rule.required
    if not approved:
        found.append(Finding("insufficient-approvals", _insufficient(len(counted), rule)))
    found.extend(_review_dates(change, facts, before))
    found.extend(_owner_change(facts, before, authors, approvals, people))
    found.extend(Finding("note-invalid", problem) for problem in note_problems)
    return Version(
        commit=change.commit,
        date=change.date,
        author=authors[0] if authors else "",
        authors=authors,
        pr=change.pr,
        paths=change.paths,
        approvals=approvals,
        approved=approved,
        problems=tuple(found),
        path=change.path,
        subject=change.subject,
        status=change.status,
        old_path=change.old_path,
    )


def governance_version(
    change: Change, rule: tuple[int, frozenset[str], tuple[str, ...]], state: State
) -> Version:
    """A change of a governance file, judged like a ``high`` item by the governors."""
    required, eligible, counts = rule
    version = judge(change, Facts(), None, Rule(required, eligible, True, counts), state, [])
    if version.approved:
        return version
    names = ", ".join(sorted(eligible)) or "nobody"
    message = (
        f"{change.path} changed in {change.commit[:12]} without the approval of "
        f"{required} governor(s) ({names}); history is judged by the last approved state"
    )
    return replace(
        version,
        problems=(Finding("governance-unapproved", message), *version.problems),
    )


def _insufficient(count: int, rule: Rule) -> str:
    if not rule.allowed:
        return (
            f"needs {rule.required} approval(s) but nobody may approve it; "
            "name approvers, or a team lead or manager for the owner"
        )
    names = ", ".join(sorted(rule.allowed))
    return f"has {count} of {rule.required} required approval(s) from {names}"


def _review_dates(change: Change, facts: Facts, before: Facts | None) -> list[Finding]:
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
                Finding(
                    "backdated-review",
                    f"{key}: {now} is later than the commit that set it ({committed})",
                    tuple(key.split(".")),
                )
            )
        elif (committed - now).days > BACKDATE_DAYS:
            found.append(
                Finding(
                    "backdated-review",
                    f"{key}: {now} is {(committed - now).days} days before the commit that set it "
                    f"({committed}); record a review within {BACKDATE_DAYS} days",
                    tuple(key.split(".")),
                )
            )
    return found


def _owner_change(
    facts: Facts,
    before: Facts | None,
    authors: tuple[str, ...],
    approvals: tuple[Approval, ...],
    people: People,
) -> list[Finding]:
    if before is None or facts.owner is None or before.owner is None or facts.owner == before.owner:
        return []
    new_owner = people.expand([facts.owner])
    acknowledged = new_owner & ({a.who for a in approvals} | set(authors))
    if acknowledged:
        return []
    return [
        Finding(
            "owner-changed",
            f"owner changed from {before.owner} to {facts.owner} without an approval by {facts.owner}",
            ("owner",),
        )
    ]
