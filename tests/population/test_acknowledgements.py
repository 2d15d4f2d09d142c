"""Policy acknowledgements owed per person (SPEC §7.4)."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from soc2flow.loading import WorkTree, load_repository
from soc2flow.schedule.items import DueReport
from soc2flow.usecases.due import run_due
from tests.conftest import GitRepo, run_cli

CONFIG = """\
organization: Example Corp
timezone: UTC
audit:
  period: {start: 2026-01-01, end: 2026-12-31}
people:
  - {id: alice, name: Alice Ng, email: alice@example.com}
  - {id: bob, name: Bob Stone, email: bob@example.com, manager: alice}
  - {id: carol, name: Carol Diaz, email: carol@example.com, manager: alice, joined: 2026-03-10}
  - {id: dave, name: Dave Ruiz, email: dave@example.com, left: 2026-04-30}
  - {id: erin, name: Erin Park, email: erin@example.com, joined: 2026-06-01}
  - {id: frank, name: Frank Ode, email: frank@example.com, manager: bob}
teams:
  engineering: {members: [frank], lead: bob}
"""


def policy(pid: str, acknowledge: str) -> str:
    return (
        f"---\nid: {pid}\ntitle: {pid} policy\nowner: alice\ncriticality: medium\n"
        f"acknowledge: {acknowledge}\n---\n# {pid}\n\nRead it.\n"
    )


def ack(policy_id: str, performed: str, people: str | None) -> str:
    listed = f"people: {people}\n" if people is not None else ""
    return (
        f"control: {policy_id}\nperformed: {performed}\nperformed_by: alice\nresult: pass\n{listed}"
    )


@pytest.fixture
def program(git_repo: GitRepo) -> GitRepo:
    git_repo.write("soc2flow.yaml", CONFIG)
    git_repo.write(
        "policies/aup.md",
        policy("POL-AUP", "{cadence: annual, audience: all, new_hires_within: P30D}"),
    )
    git_repo.write("policies/coc.md", policy("POL-COC", "annual"))  # version-1 form
    git_repo.write(
        "policies/eng.md", policy("POL-ENG", "{cadence: quarterly, audience: [engineering]}")
    )
    git_repo.write(
        "evidence/POL-AUP/2026-01-20/record.yaml", ack("POL-AUP", "2026-01-20", "[alice, bob]")
    )
    # A version-1 record: everyone employed on its date.
    git_repo.write("evidence/POL-COC/2026-02-01/record.yaml", ack("POL-COC", "2026-02-01", None))
    git_repo.write(
        "evidence/POL-ENG/2026-02-10/record.yaml", ack("POL-ENG", "2026-02-10", "[frank]")
    )
    git_repo.commit("Policies and acknowledgements", date="2026-01-02T09:00:00")
    return git_repo


Row = tuple[str, str | None, str, str, int, str, tuple[str, ...]]


def acks(report: DueReport) -> list[Row]:
    return [
        (i.id, i.period, i.due.isoformat(), i.status, i.days, i.owner, i.escalate_to)
        for i in report.items
        if i.kind == "acknowledgment"
    ]


def test_each_person_owes_their_own_acknowledgement(program: GitRepo) -> None:
    report = run_due(program.root, "HEAD", lambda tz: date(2026, 5, 1)).report
    assert acks(report) == [
        # POL-ENG's audience is the engineering team: frank acknowledged Q1, bob (its lead)
        # did not; 24 days overdue is past the medium profile's 14: escalated to his manager.
        ("POL-ENG", "2026-Q1", "2026-04-07", "overdue", -24, "bob", ("alice",)),
        # carol joined Mar 10: a new hire, due Mar 10 + 30 days + 7 grace.
        ("POL-AUP", "joiner:carol", "2026-04-16", "overdue", -15, "carol", ("alice",)),
        ("POL-ENG", "2026-Q2", "2026-07-07", "ok", 67, "bob", ()),
        ("POL-ENG", "2026-Q2", "2026-07-07", "ok", 67, "frank", ()),
        # alice and bob acknowledged POL-AUP in January; frank did not.
        ("POL-AUP", "2026", "2027-01-07", "ok", 251, "frank", ()),
        # The version-1 record (no people:) answers everyone employed on Feb 1, not carol;
        # without new_hires_within she owes the year like everyone else.
        ("POL-COC", "2026", "2027-01-07", "ok", 251, "carol", ()),
    ]
    # dave left on Apr 30 (inactive on as-of), erin has not joined yet: neither owes.


def test_after_the_new_hire_period_the_joiner_owes_the_period(program: GitRepo) -> None:
    program.write(
        "evidence/POL-AUP/2026-04-20-carol/record.yaml",
        ack("POL-AUP", "2026-04-20", "[carol]"),
    )
    program.commit("Carol acknowledges", date="2026-04-20T09:00:00")
    report = run_due(program.root, "HEAD", lambda tz: date(2027, 1, 10)).report
    aup = [row for row in acks(report) if row[0] == "POL-AUP"]
    assert aup == [
        # 2026: carol's late new-hire acknowledgement also answers the year she joined in;
        # alice and bob acknowledged in January; frank never did; erin joined Jun 1.
        ("POL-AUP", "joiner:erin", "2026-07-08", "overdue", -186, "erin", ()),
        ("POL-AUP", "2026", "2027-01-07", "overdue", -3, "frank", ()),
        # 2027 is the current period: everyone still employed owes it.
        ("POL-AUP", "2027", "2028-01-07", "ok", 362, "alice", ()),
        ("POL-AUP", "2027", "2028-01-07", "ok", 362, "bob", ()),
        ("POL-AUP", "2027", "2028-01-07", "ok", 362, "carol", ()),
        ("POL-AUP", "2027", "2028-01-07", "ok", 362, "erin", ()),
        ("POL-AUP", "2027", "2028-01-07", "ok", 362, "frank", ()),
    ]


def test_a_record_for_someone_else_does_not_answer(program: GitRepo) -> None:
    """Attack: naming other people, or failing, never acknowledges for a person."""
    program.write(
        "evidence/POL-AUP/2026-04-01/record.yaml",
        "control: POL-AUP\nperformed: 2026-04-01\nperformed_by: frank\nresult: fail\n"
        "people: [frank]\n",
    )
    program.write(
        "evidence/POL-AUP/2026-04-02/record.yaml", ack("POL-AUP", "2026-04-02", "[carolyn]")
    )
    program.commit("Records that prove nothing", date="2026-04-03T09:00:00")
    report = run_due(program.root, "HEAD", lambda tz: date(2026, 5, 1)).report
    owners = {(row[1], row[5]) for row in acks(report) if row[0] == "POL-AUP"}
    assert owners == {("joiner:carol", "carol"), ("2026", "frank")}
    checked = run_cli("validate", "--as-of", "2026-05-01", cwd=program.root)
    assert (
        "evidence/POL-AUP/2026-04-02/record.yaml:5:10: error person-unknown: "
        "people: 'carolyn' is not a person"
    ) in checked.stdout


def test_ics_uids_include_the_person(program: GitRepo) -> None:
    result = run_cli("due", "--as-of", "2026-05-01", "--format", "ics", cwd=program.root)
    assert result.code == 0, result.stderr
    uids = [line for line in result.stdout.splitlines() if line.startswith("UID:")]
    assert len(uids) == len(set(uids)) and len(uids) >= 6


def csv_record(program: GitRepo, folder: str, content: bytes, hashed: bytes | None = None) -> None:
    """An acknowledgement record without ``people:`` that attaches ``content`` as its CSV,
    hashed as ``hashed`` (default: the content itself)."""
    digest = hashlib.sha256(content if hashed is None else hashed).hexdigest()
    program.write(
        f"{folder}/record.yaml",
        "control: POL-AUP\nperformed: 2026-04-10\nperformed_by: alice\nresult: pass\n"
        f"files:\n  - {{path: acknowledgements.csv, evidence: acknowledgements, sha256: {digest}}}\n",
    )
    (program.root / folder / "acknowledgements.csv").write_bytes(content)


def aup_owners(program: GitRepo) -> set[tuple[str | None, str]]:
    report = run_due(program.root, "HEAD", lambda tz: date(2026, 5, 1)).report
    return {(row[1], row[5]) for row in acks(report) if row[0] == "POL-AUP"}


@pytest.mark.parametrize(
    "content",
    [b"person,date\nfrank,2026-04-10\n", b"Email,Date\r\nFrank@Example.com,2026-04-10\r\n"],
)
def test_a_record_without_people_acknowledges_for_the_people_its_csv_names(
    program: GitRepo, content: bytes
) -> None:
    # Without people:, the attached CSV names who acknowledged: frank, not carol (a version-1
    # record would answer everyone employed on Apr 10, carol's new-hire item included).
    csv_record(program, "evidence/POL-AUP/2026-04-10-acknowledgements", content)
    program.commit("Frank acknowledges", date="2026-04-10T09:00:00")
    assert aup_owners(program) == {("joiner:carol", "carol")}
    assert loaded_people(program, "evidence/POL-AUP/2026-04-10-acknowledgements") == ["frank"]
    checked = run_cli("validate", "--as-of", "2026-05-01", cwd=program.root)
    assert "POL-AUP/2026-04-10" not in checked.stdout, checked.stdout


def test_a_changed_or_missing_acknowledgement_csv_names_nobody(program: GitRepo) -> None:
    """Attack: an acknowledgement CSV that does not match its hash (or is gone) acknowledges
    for nobody, never for everyone as a version-1 record would."""
    folder = "evidence/POL-AUP/2026-04-10-acknowledgements"
    signed = b"person,date\nfrank,2026-04-10\n"
    csv_record(program, folder, signed + b"carol,2026-04-10\n", hashed=signed)
    program.commit("A CSV changed after it was hashed", date="2026-04-10T09:00:00")
    assert aup_owners(program) == {("joiner:carol", "carol"), ("2026", "frank")}
    assert loaded_people(program, folder) == []  # what every reader of the record sees
    (program.root / folder / "acknowledgements.csv").unlink()
    program.commit("The CSV removed", date="2026-04-11T09:00:00")
    assert aup_owners(program) == {("joiner:carol", "carol"), ("2026", "frank")}
    assert loaded_people(program, folder) == []


def loaded_people(program: GitRepo, folder: str) -> list[str] | None:
    repo = load_repository(WorkTree(program.root)).repo
    [record] = [r.model for r in repo.records if r.folder == folder]
    return record.people


def test_a_version_1_record_with_another_kind_of_csv_still_answers_everyone(
    program: GitRepo,
) -> None:
    # A CSV of other columns (here a BambooHR export) is evidence, not a list of people:
    # the record keeps the version-1 meaning (everyone employed on Apr 10: carol and frank).
    export = b"person,document,version,acknowledged\nfrank,AUP,2026-01,2026-04-10\n"
    csv_record(program, "evidence/POL-AUP/2026-04-10-acknowledgements", export)
    program.commit("Acknowledgements exported", date="2026-04-10T09:00:00")
    assert aup_owners(program) == set()
