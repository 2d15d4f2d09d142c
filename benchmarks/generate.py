"""Build a synthetic compliance repository of a given size with one `git fast-import`.

    python benchmarks/generate.py --size small            # -> benchmarks/out/small-s1/
    python benchmarks/generate.py --size large --seed 7   # -> benchmarks/out/large-s7/

The repository follows SPEC §2-§3 (soc2flow.yaml with people, teams, profiles and an
audit period; policies with front matter; controls; execution records with a small
evidence file and its sha256; a few exceptions) and its history looks like a real
program's: pull-request merge commits with two parents, squash titles "… (#N)",
direct commits, renames, Approved-by/Reviewed-by trailers. The same size and seed
give the same commits (every date is fixed), so runs can be compared.

The whole history is streamed into one `git fast-import` process; the result is
checked out and cached under benchmarks/out/ (git-ignored) with a stamp file, so a
second call returns at once.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from registers import register_events

HERE = Path(__file__).resolve().parent
CATALOG = HERE.parent / "src" / "soc2flow" / "catalog" / "data"
OUT = HERE / "out"
GENERATOR_VERSION = "5"


@dataclass(frozen=True)
class Size:
    policies: int
    controls: int
    records: int
    commits: int
    people: int


SIZES = {
    "tiny": Size(policies=6, controls=20, records=60, commits=200, people=10),
    "small": Size(policies=50, controls=200, records=1_000, commits=2_000, people=24),
    "large": Size(policies=500, controls=5_000, records=50_000, commits=50_000, people=120),
}

START = datetime(2024, 1, 2, 9, 0, tzinfo=UTC)
END = datetime(2025, 12, 30, 18, 0, tzinfo=UTC)
AUDIT_START, AUDIT_END = date(2025, 1, 1), date(2025, 12, 31)
TIMEZONE = "America/New_York"  # the generated soc2flow.yaml's
ORG = "example-org"

FIRST = [
    "Alice",
    "Bob",
    "Carol",
    "Dave",
    "Erin",
    "Frank",
    "Grace",
    "Heidi",
    "Ivan",
    "Judy",
    "Mallory",
    "Niaj",
    "Olivia",
    "Peggy",
    "Rupert",
    "Sybil",
    "Trent",
    "Victor",
    "Walter",
    "Yuki",
    "Zara",
    "Omar",
    "Lena",
    "Priya",
]
LAST = [
    "Ng",
    "Stone",
    "Diaz",
    "Ruiz",
    "Kim",
    "Okafor",
    "Novak",
    "Silva",
    "Berg",
    "Haddad",
    "Ito",
    "Kowalski",
    "Moreau",
    "Patel",
    "Quinn",
    "Rossi",
    "Sato",
    "Tanaka",
    "Urban",
    "Vogel",
]
TEAMS = ("security", "platform", "it", "people-ops", "legal", "engineering", "support", "finance")
TOPICS = {
    "AC": ("access-control", "Access Control", ["CC6.1", "CC6.2", "CC6.3"]),
    "CM": ("change-management", "Change Management", ["CC8.1"]),
    "IR": ("incident-response", "Incident Response", ["CC7.3", "CC7.4", "CC7.5"]),
    "VM": ("vendor-management", "Vendor Management", ["CC9.2"]),
    "RA": ("risk-assessment", "Risk Assessment", ["CC3.1", "CC3.2", "CC3.3", "CC3.4"]),
    "BC": ("business-continuity", "Business Continuity", ["CC9.1", "A1.2", "A1.3"]),
    "DC": ("data-classification", "Data Classification", ["C1.1", "C1.2"]),
    "AU": ("acceptable-use", "Acceptable Use", ["CC1.1", "CC2.2"]),
    "HR": ("personnel-security", "Personnel Security", ["CC1.4", "CC1.5"]),
    "MO": ("monitoring", "Monitoring", ["CC4.1", "CC4.2", "CC7.2"]),
    "NS": ("network-security", "Network Security", ["CC6.6", "CC6.7"]),
    "CR": ("cryptography", "Cryptography", ["CC6.1", "CC6.7"]),
}
CADENCES = [  # (cadence as YAML, weight)
    ("quarterly", 40),
    ("monthly", 14),
    ("annual", 16),
    ("semiannual", 12),
    ("{every: P90D}", 6),
    ("on-change", 5),
    ("continuous", 5),
    ('{rrule: "FREQ=MONTHLY;BYMONTHDAY=-1"}', 2),
]
EVIDENCE_KINDS = [
    ("review-export", "export of users with the reviewer's decision", "users.csv"),
    ("ticket", "the change ticket with its approval", "ticket.txt"),
    ("scan-report", "summary of the scanner's findings", "scan.csv"),
    ("sign-off", "sign-off by the system owner", "signoff.txt"),
    ("test-log", "log of the restore or failover test", "test.log"),
]


def _catalog() -> tuple[list[str], list[str]]:
    with (CATALOG / "tsc2017_criteria.csv").open(encoding="utf-8") as handle:
        tsc = [row["criterion_id"] for row in csv.DictReader(handle)]
    with (CATALOG / "csf2_core_from_nist_oscal.csv").open(encoding="utf-8") as handle:
        csf = [
            row["id"]
            for row in csv.DictReader(handle)
            if row["level"] == "subcategory" and row["status_2_0"] == "active"
        ]
    return tsc, csf


@dataclass
class Person:
    id: str
    name: str
    email: str
    github: str
    manager: str | None = None
    active: bool = True

    @property
    def ident(self) -> str:
        return f"{self.name} <{self.email}>"


@dataclass
class PolicyState:
    id: str
    slug: str
    title: str
    owner: str
    approvers: list[str]
    criticality: str
    reviewed: date
    criteria: list[str]
    csf: list[str]
    paragraphs: list[str]

    @property
    def path(self) -> str:
        return f"policies/{self.slug}.md"


@dataclass
class ControlState:
    id: str
    title: str
    description: str
    policy: str
    owner: str
    backup: str
    approvers: list[str]
    criticality: str
    cadence: str
    evidence: list[tuple[str, str, str]]
    criteria: list[str]
    csf: list[str]
    escalation: list[str]
    path: str
    lead_in: list[str] = field(default_factory=list)


@dataclass
class Event:
    """One change that lands on main; ``files`` maps path -> bytes (None deletes)."""

    at: float
    title: str
    author: Person
    files: dict[str, bytes | None] = field(default_factory=dict)
    renames: list[tuple[str, str]] = field(default_factory=list)
    approvers: list[Person] = field(default_factory=list)
    kind: str = "edit"  # edit | record | setup
    mode: str = "direct"  # direct | squash | merge


class World:
    """The organisation and the current content of every file, as the history unfolds."""

    def __init__(self, size: Size, rng: random.Random) -> None:
        self.size = size
        self.rng = rng
        self.tsc, self.csf = _catalog()
        self.people = self._people()
        self.by_id = {p.id: p for p in self.people}
        self.active = [p for p in self.people if p.active]
        self.teams = self._teams()
        self.policies: list[PolicyState] = []
        self.controls: list[ControlState] = []
        self.record_dirs: set[str] = set()
        self.policy_index: dict[str, PolicyState] = {}
        self.control_index: dict[str, ControlState] = {}

    def _people(self) -> list[Person]:
        people = []
        for index in range(self.size.people):
            first = FIRST[index % len(FIRST)]
            last = LAST[(index // len(FIRST) + index) % len(LAST)]
            pid = f"{first.lower()}.{last.lower()}{index // len(FIRST) or ''}"
            people.append(
                Person(pid, f"{first} {last}", f"{pid}@example.com", f"{first.lower()}-{index}")
            )
        for index, person in enumerate(people):
            person.manager = people[index // 6].id if index >= 4 else None
        for person in people[-2:]:
            person.active = False  # left the company; owns nothing
        return people

    def _teams(self) -> dict[str, tuple[list[str], str]]:
        teams = {}
        for index, name in enumerate(TEAMS):
            members = [p.id for p in self.active[index :: len(TEAMS)]]
            teams[name] = (members, self.active[index % 4].id)
        return teams

    def pick(self, count: int, exclude: tuple[str, ...] = ()) -> list[Person]:
        pool = [p for p in self.active if p.id not in exclude]
        return self.rng.sample(pool, count)

    def config_text(self) -> bytes:
        out = io.StringIO()
        out.write(f"organization: Example Corp\ntimezone: {TIMEZONE}\n")
        out.write("frameworks: [soc2-tsc-2017, nist-csf-2.0]\n")
        out.write(f"audit:\n  period: {{start: {AUDIT_START}, end: {AUDIT_END}}}\npeople:\n")
        for p in self.people:
            extra = f", manager: {p.manager}" if p.manager else ""
            extra += "" if p.active else ", active: false"
            out.write(
                f"  - {{id: {p.id}, name: {p.name}, email: {p.email}, github: {p.github}{extra}}}\n"
            )
        out.write("teams:\n")
        for name, (members, lead) in self.teams.items():
            out.write(f"  {name}: {{members: [{', '.join(members)}], lead: {lead}}}\n")
        out.write(
            "profiles:\n"
            "  high:   {approvals: 2, due_soon_days: 14, grace_days: 0,  escalate_after_days: 3}\n"
            "  medium: {approvals: 1, due_soon_days: 30, grace_days: 7,  escalate_after_days: 14}\n"
            "  low:    {approvals: 1, due_soon_days: 30, grace_days: 30, escalate_after_days: 30}\n"
            "approvals:\n  independent: true\n  count_changes_as_review: true\n"
        )
        return out.getvalue().encode()

    # -- policies -------------------------------------------------------------------------

    def new_policy(self, index: int, when: date) -> PolicyState:
        code = list(TOPICS)[index % len(TOPICS)]
        slug, title, criteria = TOPICS[code]
        number = index // len(TOPICS) + 1
        approvers = [p.id for p in self.pick(2)]
        paragraphs = [self._paragraph(title) for _ in range(self.rng.randint(3, 7))]
        return PolicyState(
            id=f"POL-{code}-{number:03d}",
            slug=f"{slug}-{number:03d}",
            title=f"{title} Policy {number}",
            owner=self.rng.choice(TEAMS),
            approvers=approvers,
            criticality=self.rng.choice(("high", "medium", "medium", "low")),
            reviewed=when,
            criteria=criteria,
            csf=self.rng.sample(self.csf, 2),
            paragraphs=paragraphs,
        )

    def _paragraph(self, topic: str) -> str:
        verbs = ("reviews", "approves", "records", "revokes", "escalates", "tests", "documents")
        things = ("production access", "changes to infrastructure", "vendor reports", "backups")
        sentences = [
            f"The {self.rng.choice(TEAMS)} team {self.rng.choice(verbs)} "
            f"{self.rng.choice(things)} as part of {topic.lower()}"
            f" within {self.rng.randint(1, 30)} days."
            for _ in range(self.rng.randint(2, 5))
        ]
        return " ".join(sentences)

    def policy_text(self, pol: PolicyState) -> bytes:
        body = "\n\n".join(pol.paragraphs)
        return (
            f"---\nid: {pol.id}\ntitle: {pol.title}\nowner: {pol.owner}\n"
            f"approvers: [{', '.join(pol.approvers)}]\ncriticality: {pol.criticality}\n"
            f"review: annual\nreviewed: {pol.reviewed}\nstatus: active\n"
            f"criteria: [{', '.join(pol.criteria)}]\n"
            f"mappings: {{nist-csf-2.0: [{', '.join(pol.csf)}]}}\n---\n"
            f"# {pol.title}\n\n## Purpose\n\n{body}\n"
        ).encode()

    # -- controls -------------------------------------------------------------------------

    def new_control(self, index: int) -> ControlState:
        pol = self.policies[index % len(self.policies)]
        code = pol.id.split("-")[1]
        cid = f"{code}-{index + 1:04d}"
        owner, backup = self.pick(2)
        cadence = self.rng.choices([c for c, _ in CADENCES], [w for _, w in CADENCES])[0]
        evidence = self.rng.sample(EVIDENCE_KINDS, 2 if self.rng.random() < 0.2 else 1)
        lowercase = self.rng.random() < 0.05  # renamed to controls/<ID>.yaml later
        path = f"controls/{cid.lower() if lowercase else cid}.yaml"
        return ControlState(
            id=cid,
            title=f"{TOPICS[code][1]} check {index + 1}",
            description=f"{owner.name} checks {TOPICS[code][1].lower()} for the systems in scope.",
            policy=pol.id,
            owner=owner.id,
            backup=backup.id,
            approvers=[p.id for p in self.pick(2, (owner.id,))],
            criticality=self.rng.choice(("high", "medium", "medium", "low")),
            cadence=cadence,
            evidence=evidence,
            criteria=sorted({*self.rng.sample(pol.criteria, 1), self.rng.choice(self.tsc)}),
            csf=self.rng.sample(self.csf, 1),
            escalation=[self.teams[pol.owner][1]],
            path=path,
        )

    def control_text(self, ctl: ControlState) -> bytes:
        evidence = "".join(
            f"  - id: {eid}\n    description: {desc}\n" for eid, desc, _ in ctl.evidence
        )
        return (
            f"id: {ctl.id}\ntitle: {ctl.title}\ndescription: {ctl.description}\n"
            f"policy: {ctl.policy}\nowner: {ctl.owner}\nbackup: {ctl.backup}\n"
            f"approvers: [{', '.join(ctl.approvers)}]\ncriticality: {ctl.criticality}\n"
            f"cadence: {ctl.cadence}\nevidence:\n{evidence}"
            f"criteria: [{', '.join(ctl.criteria)}]\n"
            f"mappings: {{nist-csf-2.0: [{', '.join(ctl.csf)}]}}\n"
            f"escalation: [{', '.join(ctl.escalation)}]\n"
        ).encode()

    # -- records --------------------------------------------------------------------------

    def record_files(self, ctl: ControlState, performed: date) -> dict[str, bytes | None]:
        folder = f"evidence/{ctl.id}/{performed}"
        suffix = 2
        while folder in self.record_dirs:
            folder = f"evidence/{ctl.id}/{performed}-run{suffix}"
            suffix += 1
        self.record_dirs.add(folder)
        roll = self.rng.random()
        result = "fail" if roll < 0.02 else "partial" if roll < 0.06 else "pass"
        performer = ctl.owner if self.rng.random() < 0.85 else ctl.backup
        files: dict[str, bytes | None] = {}
        listing = []
        for eid, _, name in ctl.evidence:
            rows = "".join(
                f"{performed},{ctl.id},item-{n},{self.rng.choice(('keep', 'revoke', 'ok'))}\n"
                for n in range(self.rng.randint(3, 12))
            )
            content = f"date,control,item,decision\n{rows}".encode()
            files[f"{folder}/{name}"] = content
            digest = hashlib.sha256(content).hexdigest()
            listing.append(f"  - {{path: {name}, evidence: {eid}, sha256: {digest}}}\n")
        files[f"{folder}/record.yaml"] = (
            f"control: {ctl.id}\nperformed: {performed}\nperformed_by: {performer}\n"
            f"result: {result}\nfiles:\n{''.join(listing)}"
            f"notes: Performed by {self.by_id[performer].name}; see the attached files.\n"
        ).encode()
        return files


def _period_ends(cadence: str, first: date, last: date) -> Iterator[date]:
    """Dates on which a control with this cadence is typically performed."""
    months = {"monthly": 1, "continuous": 1, "quarterly": 3, "semiannual": 6, "annual": 12}
    if cadence in months or cadence.startswith("{rrule"):
        step = months.get(cadence, 1)
        day = date(first.year, first.month, 1)
        while day <= last:
            nxt = date(day.year + day.month // 12, day.month % 12 + 1, 1)
            end = nxt - timedelta(days=1)
            if day.month % step == 0 and first <= end <= last:
                yield end
            day = nxt
    elif cadence.startswith("{every"):
        day = first + timedelta(days=80)
        while day <= last:
            yield day
            day += timedelta(days=85)
    else:  # on-change: a few per year at irregular dates
        day = first + timedelta(days=45)
        while day <= last:
            yield day
            day += timedelta(days=120)


def _split(event: Event) -> bool:
    """Whether a merged pull request has two branch commits (setup batches do)."""
    return event.kind == "setup" and len(event.files) > 1


def _ts(value: date | datetime) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    return datetime(value.year, value.month, value.day, 15, tzinfo=UTC).timestamp()


class Plan:
    """Every change, in time order, sized so that the history has exactly `commits` commits."""

    def __init__(self, size: Size, seed: int) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.world = World(size, self.rng)
        self.span = END.timestamp() - START.timestamp()

    def _at(self, fraction: float) -> float:
        return START.timestamp() + self.span * fraction

    @staticmethod
    def _commits(event: Event) -> int:
        if event.mode != "merge":
            return 1
        return 3 if _split(event) else 2

    def setup(self) -> list[Event]:
        """The config, then every policy and control, in the first weeks."""
        world, rng = self.world, self.rng
        lead = world.active[0]
        events = [
            Event(self._at(0), "Start the compliance program", lead, kind="setup"),
        ]
        events[0].files["soc2flow.yaml"] = world.config_text()
        events[0].files["README.md"] = b"# Example Corp compliance program\n"
        batch: list[PolicyState] = []
        for index in range(self.size.policies):
            pol = world.new_policy(index, START.date())
            world.policies.append(pol)
            world.policy_index[pol.id] = pol
            batch.append(pol)
            if len(batch) == 5 or index == self.size.policies - 1:
                when = self._at(0.002 + 0.01 * index / self.size.policies)
                event = Event(
                    when, f"Add {len(batch)} policies ({batch[0].title}…)", lead, kind="setup"
                )
                event.files = {p.path: world.policy_text(p) for p in batch}
                event.approvers = [world.by_id[a] for a in batch[0].approvers if a != lead.id]
                event.mode = rng.choice(("merge", "squash"))
                events.append(event)
                batch = []
        controls: list[ControlState] = []
        for index in range(self.size.controls):
            ctl = world.new_control(index)
            world.controls.append(ctl)
            world.control_index[ctl.id] = ctl
            controls.append(ctl)
            if len(controls) == 10 or index == self.size.controls - 1:
                author = world.by_id[controls[0].owner]
                when = self._at(0.015 + 0.02 * index / self.size.controls)
                title = f"Add controls {controls[0].id} to {controls[-1].id}"
                event = Event(when, title, author, kind="setup")
                event.files = {c.path: world.control_text(c) for c in controls}
                event.approvers = [world.by_id[a] for a in controls[0].approvers]
                event.mode = rng.choice(("merge", "merge", "squash"))
                events.append(event)
                controls = []
        return events

    def edits(self) -> list[Event]:
        """Policy reviews, control changes, renames and exceptions over the whole timeline."""
        world, rng = self.world, self.rng
        events: list[Event] = []
        for pol in world.policies:
            for year_start in (0.1, 0.55):
                events.append(self._policy_review(pol, rng.uniform(year_start, year_start + 0.4)))
            if rng.random() < 0.1:
                events.append(self._policy_rename(pol, rng.uniform(0.05, 0.95)))
        for ctl in world.controls:
            if rng.random() < 0.3:
                events.append(self._control_edit(ctl, rng.uniform(0.05, 0.99)))
            if ctl.path != f"controls/{ctl.id}.yaml":
                events.append(self._control_rename(ctl, rng.uniform(0.05, 0.95)))
        for number in range(max(2, self.size.controls // 250)):
            events.append(self._exception(number, rng.uniform(0.75, 0.98)))
        return events

    def _mode(self) -> str:
        return self.rng.choices(("merge", "squash", "direct"), (50, 35, 15))[0]

    def _policy_review(self, pol: PolicyState, fraction: float) -> Event:
        """Deferred: the content is rendered when the event is emitted, in time order."""
        event = Event(self._at(fraction), f"Annual review of the {pol.title}", self._owner(pol))
        event.files[pol.path] = None  # placeholder, filled by `realise`
        event.approvers = [self.world.by_id[a] for a in pol.approvers]
        event.mode = self._mode()
        event.kind = f"review:{pol.id}"
        return event

    def _owner(self, pol: PolicyState) -> Person:
        return self.world.by_id[self.rng.choice(self.world.teams[pol.owner][0])]

    def _policy_rename(self, pol: PolicyState, fraction: float) -> Event:
        event = Event(self._at(fraction), f"Rename {pol.title} file", self._owner(pol))
        event.kind = f"rename-policy:{pol.id}"
        event.approvers = [self.world.by_id[pol.approvers[0]]]
        event.mode = self._mode()
        return event

    def _control_edit(self, ctl: ControlState, fraction: float) -> Event:
        event = Event(self._at(fraction), f"Clarify {ctl.id}", self.world.by_id[ctl.owner])
        event.kind = f"edit-control:{ctl.id}"
        event.files[ctl.path] = None
        event.approvers = [self.world.by_id[ctl.approvers[0]]]
        event.mode = self._mode()
        return event

    def _control_rename(self, ctl: ControlState, fraction: float) -> Event:
        event = Event(
            self._at(fraction), f"Name {ctl.id} after its ID", self.world.by_id[ctl.owner]
        )
        event.kind = f"rename-control:{ctl.id}"
        event.approvers = [self.world.by_id[ctl.approvers[0]]]
        event.mode = self._mode()
        return event

    def _exception(self, number: int, fraction: float) -> Event:
        world = self.world
        ctl = world.controls[number * 7 % len(world.controls)]
        opened = datetime.fromtimestamp(self._at(fraction), UTC).date()
        emergency = number == 0
        eid = f"EXC-{opened.year}-{number + 1:03d}"
        kind = "emergency-change" if emergency else "risk-acceptance"
        text = (
            f"id: {eid}\nkind: {kind}\ncontrol: {ctl.id}\n"
            f"reason: {ctl.title} cannot run on the legacy cluster until its migration.\n"
            f"risk: medium\ncompensating: [{world.controls[(number * 7 + 1) % len(world.controls)].id}]\n"
            f"owner: {ctl.owner}\nopened: {opened}\nexpires: {opened + timedelta(days=300)}\n"
        )
        if emergency:
            text += "retrospective_approval_days: 5\n"
        event = Event(
            self._at(fraction), f"Accept risk on {ctl.id} ({eid})", world.by_id[ctl.owner]
        )
        event.files[f"exceptions/{eid}.yaml"] = text.encode()
        event.approvers = [world.by_id[a] for a in ctl.approvers]
        event.mode = "direct" if emergency else self._mode()
        return event

    def executions(self) -> list[tuple[float, ControlState, date]]:
        """Scheduled executions, thinned or topped up to exactly `records`."""
        first, last = (START + timedelta(days=40)).date(), (END - timedelta(days=3)).date()
        planned = [
            (ctl, day)
            for ctl in self.world.controls
            for day in _period_ends(ctl.cadence, first, last)
        ]
        rng = self.rng
        if len(planned) > self.size.records:
            planned = rng.sample(planned, self.size.records)  # missed periods
        while len(planned) < self.size.records:
            ctl = rng.choice(self.world.controls)
            planned.append((ctl, first + timedelta(days=rng.randrange((last - first).days))))
        out = []
        for ctl, day in planned:
            performed = day - timedelta(days=rng.randint(0, 6))
            out.append((_ts(performed) + rng.uniform(0, 3) * 86400, ctl, performed))
        out.sort(key=lambda item: (item[0], item[1].id))
        return out

    def build(self) -> list[Event]:
        events = self.setup() + self.edits() + register_events(self, Event)
        budget = self.size.commits - sum(self._commits(e) for e in events)
        executions = self.executions()
        groups = max(1, int(budget / 1.15)) if budget < len(executions) else len(executions)
        record_events = self._record_events(executions, groups)
        merges = budget - len(record_events)
        if merges > 0:
            for event in self.rng.sample(record_events, min(merges, len(record_events) * 4 // 10)):
                event.mode = "merge"
        for event in record_events:
            if event.mode == "direct" and self.rng.random() < 0.2:
                event.mode = "squash"  # one commit either way
        events += record_events
        spare = self.size.commits - sum(self._commits(e) for e in events)
        for _ in range(spare):
            ctl = self.rng.choice(self.world.controls)
            event = self._control_edit(ctl, self.rng.uniform(0.05, 0.99))
            event.mode = "direct"
            events.append(event)
        events.sort(key=lambda e: e.at)
        total = sum(self._commits(e) for e in events)
        assert total == self.size.commits, (total, self.size.commits)
        return events

    def _record_events(
        self, executions: list[tuple[float, ControlState, date]], groups: int
    ) -> list[Event]:
        per = len(executions) / groups
        events: list[Event] = []
        for index in range(groups):
            chunk = executions[int(index * per) : int((index + 1) * per)]
            if not chunk:
                continue
            at, ctl, _ = chunk[-1]
            title = f"Evidence for {ctl.id}" + (
                f" and {len(chunk) - 1} more" if len(chunk) > 1 else ""
            )
            event = Event(at, title, self.world.by_id[ctl.owner], kind="record")
            event.mode = "direct"
            for _, c, performed in chunk:
                event.files.update(self.world.record_files(c, performed))
            events.append(event)
        return events

    def realise(self, event: Event) -> None:
        """Fill in the content of an edit at the moment it lands (its state then)."""
        world, rng = self.world, self.rng
        kind, _, item = event.kind.partition(":")
        when = datetime.fromtimestamp(event.at, UTC).date()
        policies, controls = world.policy_index, world.control_index
        if kind == "review":
            pol = policies[item]
            pol.reviewed = when - timedelta(days=rng.randint(0, 5))
            if rng.random() < 0.5:
                pol.paragraphs.append(world._paragraph(pol.title))
            event.files = {pol.path: world.policy_text(pol)}
        elif kind == "rename-policy":
            pol = policies[item]
            old = pol.path
            pol.slug = f"{pol.slug}-v2" if not pol.slug.endswith("-v2") else pol.slug + "b"
            event.renames = [(old, pol.path)]
            if rng.random() < 0.5:
                pol.paragraphs[0] += " Scope now includes contractors."
                event.files = {pol.path: world.policy_text(pol)}
        elif kind == "edit-control":
            ctl = controls[item]
            ctl.description += " Findings are tracked to closure."
            if rng.random() < 0.1:
                ctl.backup = rng.choice([p.id for p in world.active if p.id != ctl.owner])
            event.files = {ctl.path: world.control_text(ctl)}
        elif kind == "rename-control":
            ctl = controls[item]
            old, ctl.path = ctl.path, f"controls/{ctl.id}.yaml"
            event.renames = [(old, ctl.path)]


class Stream:
    """Writes a fast-import script: every change lands on refs/heads/main."""

    def __init__(self, sink: io.BufferedWriter, rng: random.Random) -> None:
        self.sink = sink
        self.rng = rng
        self.mark = 0
        self.head: int | None = None
        self.pr = 100
        self.last_ts = 0
        self.commits = 0

    def _ts(self, at: float) -> int:
        self.last_ts = max(int(at), self.last_ts + 1)
        return self.last_ts

    def _commit(
        self,
        who: Person,
        at: float,
        message: str,
        files: dict[str, bytes | None],
        renames: list[tuple[str, str]],
        parents: list[int],
        committer: Person | None = None,
    ) -> int:
        self.mark += 1
        self.commits += 1
        ts = self._ts(at)
        committer = committer or who
        msg = message.encode()
        out = [
            b"commit refs/heads/main\n",
            b"mark :%d\n" % self.mark,
            f"author {who.ident} {ts} +0000\n".encode(),
            f"committer {committer.ident} {ts} +0000\n".encode(),
            b"data %d\n" % len(msg),
            msg,
            b"\n",
        ]
        if parents:
            out.append(b"from :%d\n" % parents[0])
        out.extend(b"merge :%d\n" % parent for parent in parents[1:])
        for old, new in renames:
            out.append(f'R "{old}" "{new}"\n'.encode())
        for path, data in files.items():
            if data is None:
                out.append(f'D "{path}"\n'.encode())
            else:
                out.append(f'M 100644 inline "{path}"\ndata {len(data)}\n'.encode())
                out.append(data)
                out.append(b"\n")
        out.append(b"\n")
        self.sink.write(b"".join(out))
        return self.mark

    def _trailers(self, event: Event) -> str:
        roll = self.rng.random()
        if event.kind == "record" or not event.approvers or roll < 0.12:
            return ""
        key = "Reviewed-by" if roll < 0.27 else "Approved-by"
        lines = [f"{key}: {p.ident}" for p in event.approvers if p.id != event.author.id]
        return "\n\n" + "\n".join(lines) if lines else ""

    def land(self, event: Event, merger: Person) -> None:
        parents = [self.head] if self.head is not None else []
        if event.mode == "direct" or self.head is None:
            self.head = self._commit(
                event.author,
                event.at,
                event.title + self._trailers(event),
                event.files,
                event.renames,
                parents,
            )
            return
        self.pr += 1
        if event.mode == "squash":
            message = (
                f"{event.title} (#{self.pr})\n\n* {event.title.lower()}{self._trailers(event)}"
            )
            self.head = self._commit(
                event.author, event.at, message, event.files, event.renames, parents, merger
            )
            return
        branch = f"{event.author.id.split('.')[0]}/{event.title.lower().replace(' ', '-')[:40]}"
        tip = parents[0]
        items = list(event.files.items())
        split = _split(event)
        chunks = [dict(items[:1]), dict(items[1:])] if split else [event.files]
        renames = event.renames
        for number, chunk in enumerate(chunks):
            tip = self._commit(
                event.author,
                event.at - 3600 * (len(chunks) - number),
                event.title,
                chunk,
                renames,
                [tip],
            )
            renames = []
        trailers = self._trailers(event) if self.rng.random() < 0.6 else ""
        message = f"Merge pull request #{self.pr} from {ORG}/{branch}\n\n{event.title}{trailers}"
        self.head = self._commit(
            merger, event.at, message, event.files, event.renames, [parents[0], tip]
        )


def generate(size_name: str, seed: int, target: Path) -> Path:
    """Build the repository at ``target`` (replacing it) and check it out."""
    size = SIZES[size_name]
    plan = Plan(size, seed)
    events = plan.build()
    if target.exists():
        subprocess.run(["rm", "-rf", str(target)], check=True)  # much faster than rmtree
    target.mkdir(parents=True)
    git = ["git", "-C", str(target), "-c", "core.autocrlf=false"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    proc = subprocess.Popen([*git, "fast-import", "--quiet", "--done"], stdin=subprocess.PIPE)
    assert proc.stdin is not None
    sink = io.BufferedWriter(proc.stdin, buffer_size=1 << 20)  # type: ignore[arg-type]
    stream = Stream(sink, plan.rng)
    mergers = plan.world.active[:3]
    for event in events:
        if event.kind not in ("record", "setup", "edit"):
            plan.realise(event)
        stream.land(event, plan.rng.choice(mergers))
    sink.write(b"done\n")
    sink.flush()
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import failed")
    assert stream.commits == size.commits, (stream.commits, size.commits)
    subprocess.run([*git, "checkout", "-q", "-f", "main"], check=True)
    subprocess.run([*git, "config", "user.name", "Benchmark"], check=True)
    subprocess.run([*git, "config", "user.email", "benchmark@example.com"], check=True)
    return target


def ensure(size_name: str, seed: int = 1, *, force: bool = False) -> Path:
    """The cached repository for (size, seed), generating it when missing or outdated."""
    target = OUT / f"{size_name}-s{seed}"
    stamp = OUT / f"{size_name}-s{seed}.stamp"
    if not force and stamp.is_file() and stamp.read_text() == GENERATOR_VERSION:
        return target
    stamp.unlink(missing_ok=True)
    generate(size_name, seed, target)
    stamp.write_text(GENERATOR_VERSION)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="regenerate even if cached")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    path = ensure(args.size, args.seed, force=args.force)
    print(f"{path} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
