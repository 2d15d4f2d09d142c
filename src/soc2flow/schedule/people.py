"""Who hears about an obligation: escalation chains and owner matching."""

from __future__ import annotations

from collections.abc import Iterable

from soc2flow.models import Config


def manager_of(config: Config | None, owner: str) -> str | None:
    """A person's manager, or a team's lead (the person a team's lapses go to)."""
    if config is None:
        return None
    person = config.person(owner)
    if person is not None:
        return person.manager
    team = config.teams.get(owner)
    return team.lead if team is not None else None


def leads_of(config: Config | None, owner: str) -> list[str]:
    """The lead of an owning team, or the leads of the teams a person is a member of."""
    if config is None:
        return []
    team = config.teams.get(owner)
    if team is not None:
        return [team.lead] if team.lead else []
    return sorted({t.lead for t in config.teams.values() if owner in t.members and t.lead})


def escalation_chain(config: Config | None, owner: str, listed: Iterable[str] = ()) -> list[str]:
    """The item's escalation list, then the owner's manager (or team lead), without repeats."""
    chain: list[str] = []
    for who in (*listed, manager_of(config, owner)):
        if who and who != owner and who not in chain:
            chain.append(who)
    return chain


def owned_by(config: Config | None, owner: str, who: str) -> bool:
    """True when ``who`` is the owner, or a member or lead of the owning team."""
    if owner == who:
        return True
    team = config.teams.get(owner) if config is not None else None
    return team is not None and (who in team.members or who == team.lead)
