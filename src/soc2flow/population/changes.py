"""``soc2flow changes``: the change population of any git repository (SPEC §7.4).

Every commit on the branch's first-parent line whose effective day lies in the period
is one change. Its approvals are read by the history engine (§4, §7.6: trailers,
signatures, recorded reviews) and mapped to people by the same code that judges item
versions (``history.approvals.resolve`` and ``strongest``). Any identity that is not
an author of the change may approve; the profile's provenance floor decides which
approvals count.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from soc2flow.domain.frozen import filled
from soc2flow.domain.judging import Approval, resolve, strongest
from soc2flow.domain.org import email_of
from soc2flow.domain.trust import State, state_of
from soc2flow.history.clock import LineClock
from soc2flow.history.graph import Landed
from soc2flow.history.population import Window, WindowLog, load_window, origin_slug
from soc2flow.population.inputs import ChangesInputs

_NOREPLY_SUFFIX = "@users.noreply.github.com"


@dataclass(frozen=True)
class ChangeRow:
    commit: str
    date: date
    pr: int | None
    subject: str
    authors: tuple[str, ...]
    approvals: tuple[Approval, ...]  # ``counted`` as judged for the change
    independent: bool
    flags: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "commit": self.commit,
            "date": self.date.isoformat(),
            "pr": self.pr,
            "subject": self.subject,
            "authors": list(self.authors),
            "approvals": [approval.as_dict() for approval in self.approvals],
            "independent": self.independent,
            "flags": list(self.flags),
        }


@dataclass(frozen=True)
class Sample:
    n: int
    seed: str
    commits: tuple[str, ...]


@dataclass(frozen=True)
class ChangePopulation:
    repo: str
    branch: str
    period: tuple[date, date] | None
    head: str
    changes: tuple[ChangeRow, ...]  # newest first
    sample: Sample | None

    def as_dict(self, *, changes: bool = True) -> dict[str, Any]:
        """The JSON value; without ``changes`` the changes' list is left empty (the JSON
        reporter writes each change itself)."""
        period = (
            {"start": self.period[0].isoformat(), "end": self.period[1].isoformat()}
            if self.period
            else None
        )
        sample = (
            {"n": self.sample.n, "seed": self.sample.seed, "commits": list(self.sample.commits)}
            if self.sample
            else None
        )
        return {
            "repo": self.repo,
            "branch": self.branch,
            "period": period,
            "head": self.head,
            "changes": [change.as_dict() for change in self.changes] if changes else [],
            "sample": sample,
        }


def sample_of(commits: list[str], n: int, seed: str) -> tuple[str, ...]:
    """The ``n`` commits with the smallest sha256 hex of ``"<seed>:<commit>"``, in that order."""

    def key(commit: str) -> str:
        return hashlib.sha256(f"{seed}:{commit}".encode()).hexdigest()

    return tuple(sorted(commits, key=key)[:n])


def change_population(
    clock: LineClock,
    branch: str,
    inputs: ChangesInputs,
    sample: tuple[int, str] | None = None,
    early: WindowLog | None = None,
) -> ChangePopulation:
    """The population of ``branch`` (the clock's) in ``inputs.period``; raises CannotRun
    (exit 2). ``early``: the window's log, started as soon as ``inputs`` were known."""
    window = load_window(clock, inputs.zone, inputs.period, inputs.signers, early)
    rows: list[ChangeRow] = []
    if window.history is not None:
        history = window.history
        state = state_of(inputs.config, window.signers, None)
        judge = _Judge(inputs, state, _unsigned(window, state))
        judge.slug, judge.folder = origin_slug(window.root), window.root.name.lower()
        zone, dates = inputs.zone, window.dates
        for number, landed in enumerate(history.line):
            day = datetime.fromtimestamp(dates[landed.commit.id], zone).date()
            rows.append(judge.row(landed, day, history.landed_approvals(number)))
    picked = None
    if sample is not None:
        n, seed = sample
        picked = Sample(n, seed, sample_of([row.commit for row in rows], n, seed))
    name = branch if branch != "HEAD" else (window.branch or "HEAD")
    return ChangePopulation(str(window.root), name, inputs.period, window.head, tuple(rows), picked)


class _Judge:
    """Approvals, independence and flags of one change."""

    def __init__(
        self, inputs: ChangesInputs, state: State, unsigned: frozenset[str] | None
    ) -> None:
        self.state = state
        self.people = state.people
        self.unsigned = unsigned
        self.floor = inputs.provenance
        self.emergency = inputs.emergency
        self.slug: str | None = None
        self.folder = ""  # without an origin remote, "<owner>/<repo>" matches its name
        self._keys: dict[str, str] = {}

    def key(self, who: str) -> str:
        """What two identities are compared by: the person, else the email or login."""
        found = self._keys.get(who)
        if found is None:
            found = self._keys[who] = self._key(who)
        return found

    def _key(self, who: str) -> str:
        person = self.people.identity(who) if who not in self.people.ids else who
        if person is not None:
            return person
        email = email_of(who)
        if email.endswith(_NOREPLY_SUFFIX):
            return "login:" + email.removesuffix(_NOREPLY_SUFFIX).rpartition("+")[2]
        return email if "@" in email else "login:" + email

    def row(self, landed: Landed, day: date, raw: tuple[Any, ...]) -> ChangeRow:
        commit, pr, authors = landed.commit, landed.pr, landed.authors
        judged: tuple[Approval, ...] = ()
        if raw:
            mine = {self.key(author) for author in authors}
            approvals = strongest([resolve(r, self.state, self.unsigned) for r in raw])
            judged = tuple(self._judged(a, mine, day) for a in approvals)
            by_author = [self._key_of(a) in mine for a in approvals]
            flags = [] if any(a.counted for a in judged) else ["unreviewed"]
            if by_author and all(by_author):
                flags.append("self-approved")
            independent = not all(by_author) if by_author else False
        else:  # most changes: nothing approved them
            flags, independent = ["unreviewed"], False
        if pr is None:
            flags.append("direct-push")
        if self.emergency and self._emergency(commit.id, pr):
            flags.append("emergency")
        return filled(  # ChangeRow(...) without its frozen __init__ (a third of the judging)
            ChangeRow,
            commit=commit.id,
            date=day,
            pr=pr,
            subject=commit.subject,
            authors=authors,
            approvals=judged,
            independent=independent,
            flags=tuple(flags),
        )

    def _key_of(self, approval: Approval) -> str:
        if approval.who in self.people.ids:
            return approval.who
        if approval.provenance == "pr-review":
            return "login:" + approval.who.lower()
        return self.key(approval.who)

    def _judged(self, approval: Approval, mine: set[str], day: date) -> Approval:
        """Counted: a provenance the floor accepts, not an author, and (a person of the
        config) not left by the change's day."""
        gone = approval.who in self.people.ids and not self.people.active_on(approval.who, day)
        counted = (
            approval.provenance in self.floor and self._key_of(approval) not in mine and not gone
        )
        return replace(approval, counted=counted)

    def _emergency(self, commit: str, pr: int | None) -> bool:
        for ref in self.emergency:
            text = ref.strip().lower()
            if "#" in text:
                slug, _, number = text.rpartition("#")
                same = slug == self.slug if self.slug else slug.rpartition("/")[2] == self.folder
                if pr is not None and number == str(pr) and same:
                    return True
            elif len(text) >= 7 and commit.startswith(text):
                return True
        return False


def _unsigned(window: Window, state: State) -> frozenset[str] | None:
    """With ``approvals.recorder``: the commits whose review note the recorder's trusted
    key did not sign (as ``history.governance`` decides for item versions); else None."""
    from soc2flow.history.notes import note_writers

    recorder = state.config.approvals.recorder if state.config else None
    if not recorder or window.history is None:
        return None
    writers = note_writers(window.root)
    wanted = recorder.strip().lower()
    return frozenset(
        commit
        for commit in window.history.notes
        if wanted not in state.ssh.get(writers.get(commit, ""), frozenset())
    )
