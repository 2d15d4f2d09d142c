"""Who is who: commit identities, SSH principals and GitHub logins mapped to people."""

from __future__ import annotations

import re

from soc2flow.history.graph import email_of
from soc2flow.models import Config

_NOREPLY = re.compile(r"^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$")
_NAME = re.compile(r"^(.*?)\s*<[^<>]*>\s*$")


class People:
    """Looks people up by email, GitHub login, name and id (all case-insensitive)."""

    def __init__(self, config: Config | None) -> None:
        self.by_email: dict[str, str] = {}
        self.by_login: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        self.ids: set[str] = set()
        self.teams = dict(config.teams) if config else {}
        self.managers: dict[str, str] = {}
        self._known: dict[str, str | None] = {}  # identity -> person; the same few recur
        for person in config.people if config else []:
            self.ids.add(person.id)
            self.by_name.setdefault(person.name.strip().lower(), person.id)
            if person.email:
                self.by_email.setdefault(person.email.strip().lower(), person.id)
            if person.github:
                self.by_login.setdefault(person.github.strip().lower(), person.id)
            if person.manager:
                self.managers[person.id] = person.manager

    def _by_id(self, text: str) -> str | None:
        lowered = text.lower()
        return next((pid for pid in self.ids if pid.lower() == lowered), None)

    def login(self, login: str) -> str | None:
        """The person with this GitHub login (or, failing that, this id)."""
        return self.by_login.get(login.strip().lower()) or self._by_id(login.strip())

    def identity(self, identity: str) -> str | None:
        """The person behind "Name <email>", an email, an SSH principal or a GPG user id."""
        if identity not in self._known:
            self._known[identity] = self._identity(identity)
        return self._known[identity]

    def _identity(self, identity: str) -> str | None:
        email = email_of(identity)
        found = self.by_email.get(email)
        noreply = _NOREPLY.match(email)
        if found is None and noreply:
            found = self.by_login.get(noreply.group(1))
        if found is None:
            name = _NAME.match(identity)
            text = (name.group(1) if name else identity).strip()
            found = self.by_name.get(text.lower()) or self._by_id(text) or self.login(text)
        return found

    def label(self, identity: str) -> str:
        """A person id when known, else the identity as written."""
        return self.identity(identity) or identity

    def expand(self, refs: list[str]) -> set[str]:
        """Person ids for a list of person and team ids (a team means its members and lead)."""
        found: set[str] = set()
        for ref in refs:
            team = self.teams.get(ref)
            if team is None:
                found.add(ref)
                continue
            found.update(team.members)
            if team.lead:
                found.add(team.lead)
        return found

    def leads_of(self, owner: str) -> set[str]:
        """The team lead(s) over an owner: the lead of a team owner, or of the owner's teams."""
        team = self.teams.get(owner)
        if team is not None:
            return {team.lead} if team.lead else set()
        return {
            t.lead for t in self.teams.values() if owner in t.members and t.lead and t.lead != owner
        }
