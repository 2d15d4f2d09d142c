"""One model of the organisation: who an identity is, who leads, who may approve.

Pure: reads a ``Config`` (or nothing) and answers; imports no git and no CLI.

- An identity is a person only by email (``Name <email>``, a bare email, an SSH
  principal) or by exact GitHub login (compared without regard to case; also in the
  noreply forms ``ID+login@users.noreply.github.com`` and
  ``login@users.noreply.github.com``). A name alone, a person id, or an email that
  belongs to nobody is nobody.
- Who may approve an item: its ``approvers`` (a team means its members and lead);
  when none are named, the lead(s) over the owner (a team owner's lead, or the leads
  of the owner's teams, never the owner), else the owner's manager, else a control's
  ``escalation``. Inactive people approve nothing; a person with a ``left`` date
  (soc2flow.yaml or people.csv) is inactive on and after it (``active_on``, the same
  answer as ``models.Person.active_on``).
- Governors (who approves governance files): ``approvals.governors``, else the leads
  of all teams, else (no teams) every active person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import date

    from soc2flow.models import Config, Person

_NOREPLY = re.compile(r"^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$")
_EMAIL = re.compile(r"<([^<>]*)>\s*$")
LOGIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,38}")


class ItemTerms(Protocol):
    """What deciding an item's approvers reads (``domain.terms.Terms`` is one)."""

    @property
    def owner(self) -> str: ...
    @property
    def approvers(self) -> tuple[str, ...]: ...
    @property
    def escalation(self) -> tuple[str, ...]: ...
    @property
    def control(self) -> bool: ...


def email_of(identity: str) -> str:
    """The email in "Name <email>", or the identity itself (an SSH principal)."""
    match = _EMAIL.search(identity)
    return (match.group(1) if match else identity).strip().lower()


class People:
    """The people and teams of one soc2flow.yaml, indexed once."""

    def __init__(self, config: Config | None) -> None:
        self.by_email: dict[str, str] = {}
        self.by_login: dict[str, str] = {}
        self.ids: set[str] = set()
        self.inactive: set[str] = set()
        self.left: dict[str, date] = {}
        self.teams = dict(config.teams) if config else {}
        self.managers: dict[str, str] = {}
        self.governors_listed: tuple[str, ...] = ()
        self.persons: dict[str, Person] = {}  # the first entry of each id
        self._known: dict[str, str | None] = {}  # identity -> person; the same few recur
        for person in config.people if config else []:
            if person.id in self.ids:
                continue  # the first entry of an id wins (person-duplicate)
            self.ids.add(person.id)
            self.persons[person.id] = person
            if not person.active:
                self.inactive.add(person.id)
            if person.left is not None:
                self.left[person.id] = person.left
            if person.email:
                self.by_email.setdefault(person.email.strip().lower(), person.id)
            if person.github and LOGIN.fullmatch(person.github.strip()):
                self.by_login.setdefault(person.github.strip().lower(), person.id)
            if person.manager:
                self.managers[person.id] = person.manager
        if config is not None:
            self.governors_listed = tuple(getattr(config.approvals, "governors", None) or ())

    # -- who is this identity --------------------------------------------------------

    def login(self, login: str) -> str | None:
        """The person whose GitHub login is exactly this (case-insensitive), or None."""
        return self.by_login.get(login.lower()) if LOGIN.fullmatch(login) else None

    def identity(self, identity: str) -> str | None:
        """The person behind "Name <email>", an email or SSH principal; else None."""
        if identity not in self._known:
            self._known[identity] = self._identity(identity)
        return self._known[identity]

    def _identity(self, identity: str) -> str | None:
        email = email_of(identity)
        found = self.by_email.get(email)
        noreply = _NOREPLY.match(email)
        if found is None and noreply:
            found = self.login(noreply.group(1))
        return found

    def label(self, identity: str) -> str:
        """A person id when known, else the identity as written."""
        return self.identity(identity) or identity

    # -- who leads -------------------------------------------------------------------

    def members_of(self, ref: str) -> list[str]:
        """The people a person or team id stands for: a team's members, then its lead."""
        team = self.teams.get(ref)
        if team is None:
            return [ref]
        return list(dict.fromkeys([*team.members, *([team.lead] if team.lead else [])]))

    def expand(self, refs: Iterable[str]) -> set[str]:
        """Person ids for a list of person and team ids (a team means its members and lead)."""
        return {who for ref in refs for who in self.members_of(ref)}

    def leads_of(self, owner: str) -> set[str]:
        """The lead(s) over an owner: a team owner's lead, or the leads of the owner's teams.

        An owner who leads their own team is not their own lead.
        """
        team = self.teams.get(owner)
        if team is not None:
            return {team.lead} if team.lead else set()
        return {
            t.lead for t in self.teams.values() if owner in t.members and t.lead and t.lead != owner
        }

    def manager_of(self, owner: str) -> str | None:
        """A person's manager, or a team's lead (whom an owner's lapses go to)."""
        if owner in self.ids:
            return self.managers.get(owner)
        team = self.teams.get(owner)
        return team.lead if team is not None else None

    def owned_by(self, owner: str, who: str) -> bool:
        """True when ``who`` is the owner, or a member or lead of the owning team."""
        return who == owner or (owner in self.teams and who in self.members_of(owner))

    # -- who hears about an obligation -----------------------------------------------

    def escalation_chain(self, owner: str, listed: Iterable[str] = ()) -> list[str]:
        """The item's escalation list, then the owner's manager (or team lead), no repeats,
        never the owner."""
        chain: list[str] = []
        for who in (*listed, self.manager_of(owner)):
            if who and who != owner and who not in chain:
                chain.append(who)
        return chain

    # -- who is active ---------------------------------------------------------------

    def active(self, people: Iterable[str]) -> set[str]:
        return {who for who in people if who not in self.inactive}

    def active_on(self, who: str, day: date) -> bool:
        """A person active on ``day``: not marked inactive and not left on or before it."""
        left = self.left.get(who)
        return who in self.ids and who not in self.inactive and (left is None or left > day)

    # -- who may approve -------------------------------------------------------------

    def approvers(self, terms: ItemTerms) -> set[str]:
        """Who may approve a change of an item with these terms (active people only)."""
        return self.active(self.expand(self.approver_refs(terms)))

    def approver_refs(self, terms: ItemTerms) -> list[str]:
        """The people and teams named as an item's approvers, unexpanded (whom to ask)."""
        if terms.approvers:
            return list(terms.approvers)
        leads = self.leads_of(terms.owner)
        if leads:
            return sorted(leads)
        manager = self.managers.get(terms.owner)
        if manager:
            return [manager]
        if terms.control and terms.escalation:
            return list(terms.escalation)
        return []

    def governors(self) -> set[str]:
        """Who approves governance changes (authors are excluded by the caller)."""
        if self.governors_listed:
            return self.active(self.expand(self.governors_listed))
        leads = {team.lead for team in self.teams.values() if team.lead}
        if leads:
            return self.active(leads)
        return self.active(self.ids)
