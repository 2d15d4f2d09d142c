"""Who hears about an obligation: escalation chains and owner matching."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from soc2flow.models import Config, Team


@dataclass(frozen=True)
class Directory:
    """People's managers and teams, indexed once (a repository may have hundreds)."""

    managers: dict[str, str | None] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    member_leads: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, config: Config | None) -> Directory:
        if config is None:
            return cls()
        leads: dict[str, set[str]] = {}
        for team in config.teams.values():
            for member in team.members:
                if team.lead:
                    leads.setdefault(member, set()).add(team.lead)
        return cls(
            {p.id: p.manager for p in config.people},
            dict(config.teams),
            {who: sorted(found) for who, found in leads.items()},
        )

    def manager_of(self, owner: str) -> str | None:
        """A person's manager, or a team's lead (the person a team's lapses go to)."""
        if owner in self.managers:
            return self.managers[owner]
        team = self.teams.get(owner)
        return team.lead if team is not None else None

    def leads_of(self, owner: str) -> list[str]:
        """The lead of an owning team, or the leads of the teams a person is a member of."""
        team = self.teams.get(owner)
        if team is not None:
            return [team.lead] if team.lead else []
        return self.member_leads.get(owner, [])

    def escalation_chain(self, owner: str, listed: Iterable[str] = ()) -> list[str]:
        """The item's escalation list, then the owner's manager (or team lead), no repeats."""
        chain: list[str] = []
        for who in (*listed, self.manager_of(owner)):
            if who and who != owner and who not in chain:
                chain.append(who)
        return chain

    def owned_by(self, owner: str, who: str) -> bool:
        """True when ``who`` is the owner, or a member or lead of the owning team."""
        if owner == who:
            return True
        team = self.teams.get(owner)
        return team is not None and (who in team.members or who == team.lead)
