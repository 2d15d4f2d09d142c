"""People and teams: references to them, who is active, manager chains."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from soc2flow.diagnostics import Severity
from soc2flow.loading import Entry
from soc2flow.rules.base import Hit, RuleContext, hit, rule

E, W = Severity.ERROR, Severity.WARNING

# Keys of each item kind that name a person or team, and whether they must be active.
_ROLES = {
    "policies": ("owner", "approvers"),
    "controls": ("owner", "backup", "approvers", "escalation"),
    "exceptions": ("owner", "approvers"),
    "vendors": ("owner", "approvers"),
    "risks": ("owner", "approvers"),
}


def item_refs(ctx: RuleContext) -> Iterator[tuple[Entry[Any], tuple[str | int, ...], str, str]]:
    """(entry, key path, role, person-or-team id) for every person reference of every item."""
    for table, roles in _ROLES.items():
        for entry in getattr(ctx.repo, table).values():
            for role in roles:
                value = getattr(entry.model, role)
                if isinstance(value, list):
                    for index, ref in enumerate(value):
                        yield entry, (role, index), role, ref
                elif value is not None:
                    yield entry, (role,), role, value


def _config_refs(ctx: RuleContext) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    config = ctx.config
    if config is None:
        return
    for index, person in enumerate(config.people):
        if person.manager is not None:
            yield ("people", index, "manager"), "manager", person.manager
    for name, team in config.teams.items():
        for index, member in enumerate(team.members):
            yield ("teams", name, "members", index), f"member of team {name}", member
        if team.lead is not None:
            yield ("teams", name, "lead"), f"lead of team {name}", team.lead


@rule(
    "person-unknown",
    E,
    fails="`owner: zed` (no person or team zed in soc2flow.yaml)",
    passes="`owner: alice` (alice is in `people:`)",
)
def person_unknown(ctx: RuleContext) -> Iterator[Hit]:
    """Owners, approvers, escalation, performers, managers and team members exist."""
    if ctx.config is None:
        return
    known = ctx.people.keys() | ctx.teams
    for entry, keys, role, ref in item_refs(ctx):
        if ref not in known:
            yield hit(entry, keys, f"{role} '{ref}' is not a person or team in soc2flow.yaml")
    for record in ctx.repo.records:
        ref = record.model.performed_by
        if ref not in known:
            yield hit(record, ("performed_by",), f"performed_by '{ref}' is not a person or team")
        for index, who in enumerate(record.model.people or []):
            if who not in ctx.people:
                yield hit(record, ("people", index), f"people: '{who}' is not a person")
    config = ctx.repo.config
    assert config is not None
    for keys, role, ref in _config_refs(ctx):
        if ref not in ctx.people:
            yield hit(config, keys, f"{role} '{ref}' is not a person in people:")


def is_active(ctx: RuleContext, ref: str) -> bool:
    """A person marked active, or a team with an active member or lead."""
    org = ctx.org
    if ref in org.ids:
        return org.active_on(ref, ctx.as_of)
    if ref not in org.teams:
        return True  # unknown: reported by person-unknown
    return any(org.active_on(who, ctx.as_of) for who in org.members_of(ref))


@rule(
    "owner-inactive",
    E,
    fails="`owner: dave` where dave has `active: false`",
    passes="`owner: alice` (active)",
)
def owner_inactive(ctx: RuleContext) -> Iterator[Hit]:
    """Owners, backups, approvers and escalation contacts of live items are active."""
    inactive = {ref for ref in ctx.people.keys() | ctx.teams if not is_active(ctx, ref)}
    for entry, keys, role, ref in item_refs(ctx):
        if getattr(entry.model, "status", "active") == "retired":
            continue
        if ref in inactive:
            yield hit(entry, keys, f"{role} '{ref}' is not an active person or team")


@rule(
    "person-duplicate",
    E,
    fails="two `people:` entries with `id: alice`, or a team also named alice",
    passes="unique person and team ids",
)
def person_duplicate(ctx: RuleContext) -> Iterator[Hit]:
    """Person ids are unique and no team shares a person's id."""
    config = ctx.repo.config
    if config is None:
        return
    seen: set[str] = set()
    for index, person in enumerate(config.model.people):
        if person.id in seen:
            yield hit(config, ("people", index, "id"), f"person id '{person.id}' is used twice")
        elif person.id in ctx.teams:
            yield hit(config, ("people", index, "id"), f"'{person.id}' is both a person and a team")
        seen.add(person.id)


@rule(
    "reference-cycle",
    E,
    fails="alice `manager: carol` and carol `manager: alice`",
    passes="alice `manager: carol`, carol with no manager",
)
def reference_cycle(ctx: RuleContext) -> Iterator[Hit]:
    """Manager chains end (nobody is, through others, their own manager)."""
    config = ctx.repo.config
    if config is None:
        return
    managers = {p.id: p.manager for p in config.model.people if p.manager}
    reported: set[str] = set()
    for index, person in enumerate(config.model.people):
        chain = [person.id]
        current = managers.get(person.id)
        while current is not None and current not in chain:
            chain.append(current)
            current = managers.get(current)
        if current is not None and current == person.id and person.id not in reported:
            reported.update(chain)
            loop = " -> ".join([*chain, person.id])
            yield hit(config, ("people", index, "manager"), f"manager chain is a cycle: {loop}")


@rule(
    "team-lead-inactive",
    W,
    fails="`security: {members: [alice, bob], lead: dave}` where dave has `active: false`",
    passes="`lead: carol` (active)",
)
def team_lead_inactive(ctx: RuleContext) -> Iterator[Hit]:
    """Team leads are active (a team's lead approves the controls the team owns)."""
    config = ctx.repo.config
    if config is None:
        return
    for name, team in config.model.teams.items():
        lead = ctx.people.get(team.lead or "")
        if lead is not None and not lead.active_on(ctx.as_of):
            yield hit(
                config,
                ("teams", name, "lead"),
                f"lead of team {name} '{lead.id}' is not active; name an active lead",
            )
