"""What the obligation engine reads: the repository, versions, history facts, as-of date."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any, Protocol

from soc2flow.domain.org import People
from soc2flow.loading import Entry, Repository
from soc2flow.models import (
    Config,
    Control,
    ExceptionItem,
    Policy,
    Profile,
    Record,
    default_profiles,
)
from soc2flow.schedule.items import Subject


class Dated(Protocol):
    @property
    def date(self) -> datetime: ...


class HistoryView(Protocol):
    """What the engine needs from history (``soc2flow.history.RepoHistory`` provides it)."""

    def first_change(self, path: str) -> Dated | None: ...

    def dirty_paths(self) -> set[str]: ...

    def committed(self, path: str) -> bool: ...


class Approver(Protocol):
    @property
    def who(self) -> str: ...


class VersionView(Protocol):
    """What the engine needs of an item version (``soc2flow.history.approvals.Version``)."""

    @property
    def date(self) -> datetime: ...

    @property
    def approved(self) -> bool: ...

    @property
    def approvals(self) -> Sequence[Approver]: ...


Versions = Mapping[str, Sequence[VersionView]]


@dataclass(frozen=True)
class Context:
    repo: Repository
    config: Config | None
    versions: Versions
    history: HistoryView
    as_of: date

    def profile(self, level: str) -> Profile:
        profiles = self.config.profiles if self.config else default_profiles()
        return profiles.get(level) or default_profiles().get(level) or Profile()

    @cached_property
    def org(self) -> People:
        return People(self.config)

    @cached_property
    def _first_dates(self) -> dict[str, date]:
        """Each item file's first commit date, from its oldest version."""
        found: dict[str, date] = {}
        for table in self.repo.tables():
            for item_id, entry in table.items():
                versions = self.versions.get(item_id)
                if versions:
                    found[entry.path] = versions[-1].date.date()
        return found

    def first_seen(self, path: str) -> date:
        """The date of the item's first commit (today's as-of for a file not committed yet).

        Never after as-of: a file that exists now was there by now, whatever date its
        commit claims (a commit dated in the future must not make a control owe nothing).
        """
        known = self._first_dates.get(path)
        if known is None:
            change = self.history.first_change(path)
            known = change.date.date() if change is not None else self.as_of
        return min(known, self.as_of)

    @cached_property
    def subjects(self) -> dict[str, Subject]:
        """Subjects already built, by file path."""
        return {}

    def start(self, path: str, effective: date | None = None) -> date:
        """The later of ``effective`` (default: the first commit) and the audit period's start."""
        first = effective or self.first_seen(path)
        audit = self.config.audit if self.config else None
        return max(first, audit.period.start) if audit else first

    @cached_property
    def _records(self) -> dict[str, list[Entry[Record]]]:
        index: dict[str, list[Entry[Record]]] = {}
        for entry in self.repo.records:
            index.setdefault(entry.model.control, []).append(entry)
        return index

    def records_of(self, item_id: str) -> list[Entry[Record]]:
        """The execution records of a control (or a policy's acknowledgments)."""
        return self._records.get(item_id, [])


def control_subject(ctx: Context, entry: Entry[Control]) -> Subject:
    known = ctx.subjects.get(entry.path)
    if known is not None:
        return known
    control = entry.model
    chain = ctx.org.escalation_chain(control.owner, control.escalation)
    profile = ctx.profile(control.criticality)
    subject = Subject(control.id, control.title, control.owner, entry.path, profile, tuple(chain))
    ctx.subjects[entry.path] = subject
    return subject


def grace_of(ctx: Context, control: Control) -> int:
    """The control's grace days, else its profile's."""
    if control.grace_days is not None:
        return control.grace_days
    return ctx.profile(control.criticality).grace_days


def policy_subject(ctx: Context, entry: Entry[Policy]) -> Subject:
    policy = entry.model
    chain = ctx.org.escalation_chain(policy.owner)
    profile = ctx.profile(policy.criticality)
    return Subject(policy.id, policy.title, policy.owner, entry.path, profile, tuple(chain))


def short(text: str, limit: int = 80) -> str:
    """The first sentence of ``text`` on one line, cut at ``limit`` characters."""
    line = " ".join(text.split())
    sentence = line.split(". ", 1)[0].rstrip(".")
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:(") + "…"


def exception_subject(ctx: Context, entry: Entry[ExceptionItem]) -> Subject:
    exc = entry.model
    chain = ctx.org.escalation_chain(exc.owner)
    title = short(exc.reason)
    return Subject(exc.id, title, exc.owner, entry.path, ctx.profile(exc.risk), tuple(chain))


def last_review(ctx: Context, entry: Entry[Any]) -> date | None:
    """The latest of ``reviewed:`` and (with count_changes_as_review) an approved change."""
    reviewed = not_future(entry.model.reviewed, ctx.as_of)
    dates = [reviewed] if reviewed else []
    if ctx.config is None or ctx.config.approvals.count_changes_as_review:
        approved = [v.date.date() for v in ctx.versions.get(entry.model.id, ()) if v.approved]
        dates.extend(approved[:1])
    return max(dates, default=None)


def not_future(day: date | None, as_of: date) -> date | None:
    """A review dated after as-of counts as none (date-in-future)."""
    return day if day is not None and day <= as_of else None
