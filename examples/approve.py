"""Approve the example's pending changes at the project root, the way Northwind would.

    python examples/approve.py [--dry-run]

The example's files live at soc2flow's project root, and every commit there is one of
soc2flow's own: a change to a policy or control made while building soc2flow is a
direct commit, which the example's own rules report as unapproved. This script lands
what `soc2flow validate` reports as waiting for approval as Northwind's pull requests,
on the current branch (docs/example.md, "The example's history at the project root"):

- governance files changed without the governors' approval: one pull request by the
  program owner that adds a throwaway SSH key per signer to the allowed-signers file
  and sets ``approvals.governance_since`` to the next day (the governors trust the
  governance files as they stand at the end of the review), approved by the governors
  with reviews recorded in ``refs/notes/soc2flow`` by ``soc2flow approvals record``;
- every item whose newest version is not approved: a branch commit by its author that
  records the review in a comment line, merged with a ``Merge pull request #N`` commit.
  ``high`` items: the first approver signs the merge (when this run made keys) with
  their ``Approved-by:`` trailer, the second approver's review is recorded as a note;
  without keys both reviews are recorded. ``medium`` and ``low`` items: the approver
  merges with an ``Approved-by:`` trailer, which their profiles count;
- the notes are written to ``examples/northwind-reviews.bundle``, which a clone
  fetches with ``git fetch examples/northwind-reviews.bundle
  refs/notes/soc2flow:refs/notes/soc2flow`` (git clone does not copy notes).

An emergency change waiting for its retrospective approval stays unapproved: it is a
deliberate finding of the example. Commit dates are the real time of the run: nothing
is backdated. The private halves of the keys are deleted when the script ends.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from build import (
    ROOT,
    Landing,
    Plan,
    active,
    approvers_of,
    author_for,
    items_of,
    leads,
    load,
    people_of,
    tier_of,
)
from replay import Git, _stamp, make_keys

BUNDLE = "examples/northwind-reviews.bundle"
NOTES = "refs/notes/soc2flow"
SIGNERS = ".soc2flow/allowed_signers"
PENDING = {
    "unapproved-change",
    "insufficient-approvals",
    "self-approval",
    "backdated-review",
    "owner-changed",
}
COMMENT = re.compile(
    rb"(?m)^# Reviewed and approved by pull request(?: #\d+)? on \d{4}-\d{2}-\d{2}\.\n"
)


def findings(root: Path) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "soc2flow", "validate", "--format", "json", "--repo", str(root)],
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"soc2flow validate failed: {done.stderr.decode(errors='replace')}")
    found: list[dict[str, Any]] = json.loads(done.stdout)["findings"]
    return found


def reviewed(text: bytes, path: str, day: date, number: int) -> bytes:
    """The item's text with one comment line that records its review in pull request
    ``number`` on ``day`` (a new version even when the text was already committed)."""
    line = f"# Reviewed and approved by pull request #{number} on {day.isoformat()}.\n".encode()
    text = COMMENT.sub(b"", text)
    if path.endswith(".md"):  # inside the front matter, just before its closing line
        head, sep, body = text.partition(b"\n---\n")
        return head + b"\n" + line.rstrip(b"\n") + sep + body
    return text + (b"" if text.endswith(b"\n") else b"\n") + line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", default=str(ROOT))
    parser.add_argument("--dry-run", action="store_true", help="list the pull requests only")
    args = parser.parse_args()
    root = Path(args.repo).resolve()
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, capture_output=True
    )
    branch = subprocess.run(["git", "branch", "--show-current"], cwd=root, capture_output=True)
    if status.returncode or status.stdout or branch.stdout.strip() != b"main":
        raise SystemExit(f"{root}: check out main with no uncommitted changes first")
    repo = load(root)
    config = repo.config.model
    people = people_of(config)
    zone = ZoneInfo(config.timezone or "UTC")
    today = datetime.now(zone).date()
    pending = findings(root)
    governance = sorted({f["path"] for f in pending if f["rule"] == "governance-unapproved"})
    paths = {f["path"] for f in pending if f["rule"] in PENDING}
    governors = tuple(getattr(config.approvals, "governors", None) or leads(config))
    owner = next(p for p in people if p not in governors and p in active(config))
    landings: list[Landing] = []
    groups: dict[tuple[Any, ...], Landing] = {}
    for entry in items_of(repo):
        model = entry.model
        if entry.path not in paths or getattr(model, "kind", "") == "emergency-change":
            continue
        approvers = [a for a in approvers_of(model, config) if a in active(config)]
        author = author_for(getattr(model, "owner", ""), approvers, Plan(people, governors), config)
        tier = tier_of(model)
        how = "signed" if tier == "high" else "trailer"
        key = (tier, author, tuple(approvers))
        if key not in groups:
            groups[key] = Landing(
                datetime.now(),
                f"Review of the {tier}-criticality items owned by {author}",
                {},
                author,
                tuple(approvers),
                how,
                f"review-{tier}-{author}-{today:%Y%m%d}",
            )
            landings.append(groups[key])
        groups[key].files[entry.path] = (root / entry.path).read_bytes()
    signers = sorted({x.approvers[0] for x in landings if x.how == "signed" and x.approvers})
    for landing in landings:
        print(f"{landing.title}: {len(landing.files)} files, approved by {landing.approvers}")
    if governance:
        print(f"governance: {', '.join(governance)}, approved by {governors[:2]}")
    if args.dry_run or not (landings or governance):
        return
    with tempfile.TemporaryDirectory() as keys:  # the private halves die with it
        git = _Git(root, people, Path(keys))
        git.prs = _last_pr(git)
        if governance:
            git.land(_governance(root, owner, governors, make_keys(Path(keys), signers, people)))
        elif signers:
            for landing in landings:  # no new keys: both reviews are recorded
                if landing.how == "signed":
                    landing.how = "notes"
        for landing in landings:
            number = git.prs + 1  # the number Git.land gives this pull request
            landing.files = {p: reviewed(t, p, today, number) for p, t in landing.files.items()}
            git.land(landing)
    subprocess.run(["git", "bundle", "create", "-q", BUNDLE, NOTES], cwd=root, check=True)
    print(f"landed {len(landings) + bool(governance)} pull requests; notes in {BUNDLE}")


class _Git(Git):
    """Commits at the real time of the run (never ahead of it, never before a parent)."""

    def tick(self, when: datetime) -> str:
        now = datetime.now(ZoneInfo("America/New_York")).replace(tzinfo=None, microsecond=0)
        self.clock = max(now, self.clock)
        return _stamp(self.clock)


def _last_pr(git: Any) -> int:
    found = [
        int(m.group(1))
        for m in re.finditer(
            r"Merge pull request #(\d+) ", git.run("log", "--format=%s", "--merges")
        )
    ]
    return max(found, default=0)


def _governance(root: Path, owner: str, governors: tuple[str, ...], keys: bytes) -> Landing:
    config = (root / "soc2flow.yaml").read_bytes()
    today = datetime.now(ZoneInfo("America/New_York")).date()
    since = (today + timedelta(days=1)).isoformat().encode()
    setting = re.compile(rb"(?m)^  governance_since: .*\n")
    line = b"  governance_since: " + since + b"   # governance files trusted as they stood\n"
    config = setting.sub(b"", config)
    config = config.replace(b"\napprovals:\n", b"\napprovals:\n" + line, 1)
    signers = (root / SIGNERS).read_bytes()
    return Landing(
        datetime.now(),
        "Governance: signing keys for the approvers; governance files trusted as they stand",
        {"soc2flow.yaml": config, SIGNERS: signers + keys},
        owner,
        governors[:2],
        "notes",
        f"governance-{today:%Y%m%d}",
    )


if __name__ == "__main__":
    main()
