"""One model of the organisation (soc2flow.domain.org): identities, leads, approvers, governors."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import yaml

from soc2flow.domain.org import People
from soc2flow.models import Config

CHART = """
organization: Example Corp
people:
  - {id: alice, name: Alice Ng, email: Alice@Example.com, github: alice-ng, manager: carol}
  - {id: bob, name: Bob Stone, email: bob@example.com, github: BobStone, manager: alice}
  - {id: carol, name: Carol Diaz, email: carol@example.com, github: carol-diaz}
  - {id: dave, name: Dave Ruiz, email: dave@example.com, manager: erin}
  - {id: erin, name: Erin Ho, email: erin@example.com, active: false}
  - {id: frank, name: Frank Li, email: frank@example.com}
teams:
  security: {members: [alice, bob], lead: alice}
  platform: {members: [dave]}
  ops: {members: [frank], lead: erin}
"""


@dataclass(frozen=True)
class Terms:
    owner: str
    approvers: tuple[str, ...] = ()
    escalation: tuple[str, ...] = ()
    control: bool = True


@pytest.fixture
def org() -> People:
    return People(Config.model_validate(yaml.safe_load(CHART)))


@pytest.mark.parametrize(
    ("identity", "person"),
    [
        ("Alice Ng <alice@example.com>", "alice"),
        ("ALICE@EXAMPLE.COM", "alice"),
        ("Whoever <12345+bobstone@users.noreply.github.com>", "bob"),
        ("bobstone@users.noreply.github.com", "bob"),
        ("Carol Diaz <carol@evil.example>", None),  # the name is not enough
        ("Carol Diaz", None),
        ("carol", None),  # a person id is not an identity
        ("nobody@example.com", None),
    ],
)
def test_who_is_this_identity(org: People, identity: str, person: str | None) -> None:
    assert org.identity(identity) == person


@pytest.mark.parametrize(
    ("login", "person"),
    [("carol-diaz", "carol"), ("CAROL-DIAZ", "carol"), ("carol", None), ("bobstone", "bob"),
     ("alice-ng\n", None), ("alice ng", None), ("-alice", None)],
)  # fmt: skip
def test_github_logins_match_exactly_without_regard_to_case(
    org: People, login: str, person: str | None
) -> None:
    assert org.login(login) == person


def test_who_leads(org: People) -> None:
    assert org.leads_of("bob") == {"alice"}
    assert org.leads_of("alice") == set()  # an owner who leads their own team
    assert org.leads_of("security") == {"alice"}
    assert org.leads_of("platform") == set()  # a team without a lead
    assert org.leads_of("dave") == set()


def test_who_may_approve(org: People) -> None:
    assert org.approvers(Terms("bob")) == {"alice"}
    assert org.approvers(Terms("alice")) == {"carol"}  # leads her own team: her manager
    assert org.approvers(Terms("dave")) == set()  # manager erin is inactive
    assert org.approver_refs(Terms("dave")) == ["erin"]
    assert org.approvers(Terms("dave", escalation=("carol",))) == set()  # manager first
    assert org.approvers(Terms("frank")) == set()  # his lead erin is inactive
    assert org.approvers(Terms("carol", escalation=("security",))) == {"alice", "bob"}
    assert org.approvers(Terms("carol", escalation=("security",), control=False)) == set()
    assert org.approvers(Terms("bob", approvers=("ops", "carol"))) == {"frank", "carol"}


def test_governors(org: People) -> None:
    assert org.governors() == {"alice"}  # leads of all teams, active ones
    listed = Config.model_validate(
        {**yaml.safe_load(CHART), "approvals": {"governors": ["carol", "platform"]}}
    )
    assert People(listed).governors() == {"carol", "dave"}
    no_teams = Config.model_validate({**yaml.safe_load(CHART), "teams": {}})
    assert People(no_teams).governors() == {"alice", "bob", "carol", "dave", "frank"}


def test_a_person_who_left_is_active_until_the_day_before() -> None:
    from datetime import date

    chart = CHART.replace(
        "{id: frank, name: Frank Li, email: frank@example.com}",
        "{id: frank, name: Frank Li, email: frank@example.com, left: 2026-03-31}",
    )
    config = Config.model_validate(yaml.safe_load(chart))
    org = People(config)
    frank = next(p for p in config.people if p.id == "frank")
    for day in (date(2026, 3, 30), date(2026, 3, 31), date(2026, 4, 1)):
        assert org.active_on("frank", day) == frank.active_on(day)
    assert org.active_on("frank", date(2026, 3, 30))
    assert not org.active_on("frank", date(2026, 3, 31))
    assert not org.active_on("erin", date(2020, 1, 1))  # active: false
    assert not org.active_on("zed", date(2020, 1, 1))  # nobody


def test_an_approval_on_or_after_the_day_the_approver_left_does_not_count() -> None:
    from datetime import date

    from soc2flow.domain.judging import LEFT, Approval, Rule, weigh

    chart = CHART.replace("github: carol-diaz}", "github: carol-diaz, left: 2026-03-31}")
    org = People(Config.model_validate(yaml.safe_load(chart)))
    rule = Rule(1, frozenset({"carol"}), True)
    approval = Approval("carol", "trailer", "c" * 40)
    assert weigh(approval, rule, ("bob",), org, date(2026, 3, 30)).counted
    late = weigh(approval, rule, ("bob",), org, date(2026, 3, 31))
    assert not late.counted and late.why == LEFT


def test_who_hears_about_an_obligation(org: People) -> None:
    assert org.manager_of("alice") == "carol"  # leads her own team: her manager, not herself
    assert org.manager_of("carol") is None
    assert org.manager_of("security") == "alice"  # a team's lead
    assert org.manager_of("platform") is None  # a team without a lead
    assert org.manager_of("zed") is None
    assert org.escalation_chain("alice") == ["carol"]
    assert org.escalation_chain("security") == ["alice"]
    assert org.escalation_chain("alice", ["alice", "bob"]) == ["bob", "carol"]  # never the owner
    assert org.escalation_chain("bob", ["alice", "carol", "alice"]) == ["alice", "carol"]
    # an inactive manager is still told (owner-inactive reports it); she may not approve
    assert org.escalation_chain("dave") == ["erin"]
    assert org.approvers(Terms("dave")) == set()


def test_who_owns(org: People) -> None:
    assert org.owned_by("security", "bob") and org.owned_by("security", "alice")
    assert not org.owned_by("security", "carol")
    assert org.owned_by("bob", "bob") and not org.owned_by(
        "bob", "alice"
    )  # a lead is not the owner
    assert not org.owned_by("platform", "erin")
    assert org.members_of("security") == ["alice", "bob"]  # the lead is a member: once
    assert org.members_of("ops") == ["frank", "erin"]
    assert org.members_of("carol") == ["carol"]


def test_the_first_entry_of_a_person_wins_everywhere() -> None:
    from datetime import date

    chart = CHART.replace(
        "  - {id: frank, name: Frank Li, email: frank@example.com}",
        "  - {id: frank, name: Frank Li, email: frank@example.com}\n"
        "  - {id: frank, name: Frank Two, email: two@example.com, manager: carol, active: false}",
    )
    org = People(Config.model_validate(yaml.safe_load(chart)))
    assert org.persons["frank"].name == "Frank Li"
    assert org.manager_of("frank") is None
    assert org.active_on("frank", date(2026, 1, 1))
    assert org.identity("two@example.com") is None
