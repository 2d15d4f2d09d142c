"""Build the example program's git repository, with a believable 2026 history.

    python examples/build.py [TARGET]      # default: build/northwind

The example's files live at the project root (SPEC §2), but the project's own history is
soc2flow's, not Northwind's: its commits went straight to main, so there every version
is unapproved. This script replays the files at the project root as Northwind would have
landed them (docs/example.md, "The example's history"):

- the first commit holds soc2flow.yaml (the root of trust);
- governance files (the allowed-signers file, CODEOWNERS, people.csv) land through a pull
  request approved by the governors, whose reviews are recorded in refs/notes/soc2flow
  by ``soc2flow approvals record``;
- every item (policies, controls, exceptions and any other folder of items) lands
  through a pull request: branch commits by an author, a merge commit on main. High
  items are approved by a signed merge (SSH keys made for this build; the private halves
  are deleted when it ends) and a recorded review; medium and low items by an
  ``Approved-by:`` trailer, which their profiles count;
- execution records are committed by whoever performed them, on that day;
- a policy with a later ``reviewed:`` date lands first with the day it landed, then its
  review lands on the review day;
- an emergency change is pushed straight to main on the day it was opened and stays
  unapproved: the deliberate findings of the example.

Everything is read from the files: add a folder of items or a record and run it again.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
MARKER = ".soc2flow-example"  # a file in .git/ that says this repository was built here
START = date(2025, 12, 15)  # the program was set up before the audit period
GOVERNANCE = (".soc2flow/allowed_signers", ".github/CODEOWNERS", "people.csv")
# Paths of the soc2flow project itself, never part of the example.
PROJECT = ("src/", "tests/", "docs/", "benchmarks/", "examples/", ".ci/", ".github/workflows/")
PROJECT_FILES = {
    "README.md",
    "pyproject.toml",
    "action.yml",
    ".gitignore",
    ".pre-commit-hooks.yaml",
}


@dataclass
class Person:
    id: str
    name: str
    email: str
    github: str


@dataclass
class Landing:
    """One change on main: a pull request (merge) or a direct commit."""

    when: datetime
    title: str
    files: dict[str, bytes]
    author: str
    approvers: tuple[str, ...] = ()
    how: str = "trailer"  # signed | notes | trailer | direct
    branch: str = ""
    order: int = 0


@dataclass
class Plan:
    people: dict[str, Person]
    governors: tuple[str, ...]
    landings: list[Landing] = field(default_factory=list)
    reviews: dict[str, tuple[bytes, date]] = field(default_factory=dict)  # path: (text, day)


def example_files(source: Path) -> dict[str, bytes]:
    """Every file of the example at the project root (tracked by git when it is a clone)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=source, capture_output=True, check=False)
    if listed.returncode == 0 and listed.stdout:
        paths = [p for p in listed.stdout.decode().split("\0") if p]
    else:
        paths = [str(p.relative_to(source)) for p in source.rglob("*") if p.is_file()]
        paths = [p for p in paths if not p.startswith((".git/", ".venv/", "build/"))]
    keep = [
        p
        for p in paths
        if not p.startswith(PROJECT) and p not in PROJECT_FILES and (source / p).is_file()
    ]
    return {p: (source / p).read_bytes() for p in sorted(keep)}


def load(source: Path) -> Any:
    from soc2flow.loading import WorkTree, load_repository

    loaded = load_repository(WorkTree(source))
    if loaded.repo.config is None:
        raise SystemExit(f"{source} has no valid soc2flow.yaml; run soc2flow validate there")
    return loaded.repo


def items_of(repo: Any) -> list[Any]:
    """Every versioned item (policies, controls, exceptions, vendors, risks, ...)."""
    found: list[Any] = []
    for table in vars(repo).values():
        if isinstance(table, dict):
            found.extend(e for e in table.values() if hasattr(e.model, "id"))
    return sorted(found, key=lambda e: e.path)


def people_of(config: Any) -> dict[str, Person]:
    return {p.id: Person(p.id, p.name, str(p.email), p.github or p.id) for p in config.people}


def active(config: Any) -> set[str]:
    return {p.id for p in config.people if getattr(p, "active", True)}


def leads(config: Any) -> list[str]:
    return list(dict.fromkeys(t.lead for t in config.teams.values() if t.lead))


def approvers_of(model: Any, config: Any) -> list[str]:
    """Who approves the item: its approvers, else the lead of its owner's team."""
    listed = list(getattr(model, "approvers", None) or [])
    if listed:
        return listed
    owner = getattr(model, "owner", "")
    teams = config.teams
    if owner in teams:
        return [teams[owner].lead] if teams[owner].lead else []
    return [t.lead for t in teams.values() if t.lead and owner in t.members][:1]


def tier_of(model: Any) -> str:
    return str(getattr(model, "criticality", None) or getattr(model, "risk", None) or "medium")


def author_for(owner: str, approvers: list[str], plan: Plan, config: Any) -> str:
    """The owner when they are a person who does not approve it, else someone who does not."""
    if owner in active(config) and owner not in approvers:
        return owner
    team = config.teams.get(owner)
    for candidate in [*(team.members if team else []), *plan.people]:
        if candidate in active(config) and candidate not in approvers:
            return str(candidate)
    raise SystemExit(f"nobody but its approvers could have written an item owned by {owner}")


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0)


def plan_history(source: Path) -> tuple[Plan, dict[str, bytes]]:
    """Which change lands when, by whom, approved how."""
    repo = load(source)
    config = repo.config.model
    files = example_files(source)
    governors = tuple(getattr(config.approvals, "governors", None) or leads(config))
    plan = Plan(people_of(config), governors)
    # governance_since marks when the project root's own history began to be approved
    # (examples/approve.py); the built history is approved from its first day
    first = {"soc2flow.yaml": _SINCE.sub(b"", files.pop("soc2flow.yaml"))}
    elena = _program_owner(plan)
    plan.landings.append(
        Landing(
            at(START, 9), "Northwind's SOC 2 program: configuration", first, elena, how="direct"
        )
    )
    _governance(plan, files)
    _items(plan, repo, config, files)
    _records(plan, repo, files)
    if files:  # templates, system description, providers' reports: the program's setup
        approvers = plan.governors[:2]
        plan.landings.append(
            Landing(
                at(START + timedelta(days=1), 11),
                "Program documents and templates",
                dict(files),
                elena,
                approvers,
                "notes",
                "program-setup",
            )
        )
    plan.landings.sort(key=lambda landing: (landing.when, landing.order))
    return plan, first


def _program_owner(plan: Plan) -> str:
    """Who runs the program: the first person who is not a governor."""
    return next(p for p in plan.people if p not in plan.governors)


def _governance(plan: Plan, files: dict[str, bytes]) -> None:
    changed = {p: files.pop(p) for p in GOVERNANCE if p in files}
    changed.setdefault(".soc2flow/allowed_signers", b"")
    plan.landings.append(
        Landing(
            at(START, 14),
            "Trust roots: allowed signers",
            changed,
            _program_owner(plan),
            plan.governors[:2],
            "notes",
            "allowed-signers",
        )
    )


def _items(plan: Plan, repo: Any, config: Any, files: dict[str, bytes]) -> None:
    groups: dict[tuple[Any, ...], Landing] = {}
    for entry in items_of(repo):
        model, path = entry.model, entry.path
        if path not in files:
            continue
        text = files.pop(path)
        approvers = [a for a in approvers_of(model, config) if a in active(config)]
        author = author_for(getattr(model, "owner", ""), approvers, plan, config)
        tier = tier_of(model)
        kind = path.split("/", 1)[0]
        if getattr(model, "kind", "") == "emergency-change":  # pushed during an incident
            opened = model.opened
            plan.landings.append(
                Landing(
                    at(opened, 23),
                    f"Hotfix during an incident: {model.id}",
                    {path: text},
                    author,
                    how="direct",
                )
            )
            continue
        landed, text = _first_version(plan, model, text, entry.path)
        how = "signed" if tier == "high" else "trailer"
        key = (landed, kind, tier, author, tuple(approvers))
        if key not in groups:
            groups[key] = Landing(
                at(landed, 15),
                f"{kind.capitalize()}: {tier}-criticality items owned by {author}",
                {},
                author,
                tuple(approvers),
                how,
                f"{kind}-{tier}-{author}-{landed:%m%d}",
            )
            plan.landings.append(groups[key])
        groups[key].files[path] = text
        _review(plan, model, entry, files_text=text, author=author, approvers=approvers, how=how)


_SINCE = re.compile(rb"(?m)^[ \t]*governance_since:.*\n")
_REVIEWED = re.compile(rb"(?m)^([ \t]*reviewed:[ \t]*)(\d{4}-\d{2}-\d{2})")


def _first_version(plan: Plan, model: Any, text: bytes, path: str) -> tuple[date, bytes]:
    """When the item first landed, and its text then (later review dates set back to it)."""
    landed = START + timedelta(days=2)
    for day in (getattr(model, "opened", None), getattr(model, "effective", None)):
        if isinstance(day, date) and day > landed:
            landed = day
    later = [d for d in _review_days(text) if d > landed]
    if later:
        plan.reviews[path] = (text, max(later))
        stamp = landed.isoformat().encode()
        text = _REVIEWED.sub(
            lambda m: (
                m.group(1)
                + (stamp if date.fromisoformat(m.group(2).decode()) > landed else m.group(2))
            ),
            text,
        )
    return landed, text


def _review_days(text: bytes) -> list[date]:
    days = []
    for match in _REVIEWED.finditer(text):
        try:
            days.append(date.fromisoformat(match.group(2).decode()))
        except ValueError:
            continue
    return days


def _review(
    plan: Plan,
    model: Any,
    entry: Any,
    *,
    files_text: bytes,
    author: str,
    approvers: list[str],
    how: str,
) -> None:
    final = plan.reviews.get(entry.path)
    if final is None or final[0] == files_text:
        return
    day = final[1] + timedelta(days=1)
    plan.landings.append(
        Landing(
            at(day, 16),
            f"{model.id}: review",
            {entry.path: final[0]},
            author,
            tuple(approvers),
            how,
            f"review-{model.id.lower()}",
            order=1,
        )
    )


def _records(plan: Plan, repo: Any, files: dict[str, bytes]) -> None:
    """Each execution record with its files, committed by its performer on that day."""
    for record in repo.records:
        folder = record.path.rsplit("/", 1)[0] + "/"
        mine = {p: files.pop(p) for p in [p for p in files if p.startswith(folder)]}
        performer = record.model.performed_by
        who = performer if performer in plan.people else _program_owner(plan)
        day = max(record.model.performed, START + timedelta(days=3))
        title = f"{record.model.control}: execution of {record.model.performed}"
        plan.landings.append(Landing(at(day, 18), title, mine, who, how="direct", order=2))


def build(target: Path, source: Path = ROOT) -> Path:
    """Build the example repository at ``target`` (replacing an earlier build there)."""
    from replay import Git, make_keys

    plan, _ = plan_history(source)
    if target.exists():
        if not (target / ".git" / MARKER).is_file():
            raise SystemExit(f"{target} exists and was not built by this script; choose another")
        shutil.rmtree(target)
    target.mkdir(parents=True)
    signers = sorted({x.approvers[0] for x in plan.landings if x.how == "signed" and x.approvers})
    with tempfile.TemporaryDirectory() as keys:  # the private halves die with it
        git = Git(target, plan.people, Path(keys))
        git.run("init", "-q", "-b", "main")
        (target / ".git" / MARKER).write_text("built by examples/build.py\n")
        allowed = make_keys(Path(keys), signers, plan.people)
        for landing in plan.landings:
            if ".soc2flow/allowed_signers" in landing.files:
                landing.files[".soc2flow/allowed_signers"] += allowed
            git.land(landing)
    git.run("gc", "-q", "--auto")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", nargs="?", default=str(ROOT / "build" / "northwind"))
    parser.add_argument("--source", default=str(ROOT), help="where the example's files are")
    args = parser.parse_args()
    target = build(Path(args.target).resolve(), Path(args.source).resolve())
    print(f"built the example repository in {target}")


if __name__ == "__main__":
    main()
