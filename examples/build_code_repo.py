"""Build the example's code repository, northwind/pulse, with a fixed history.

    python examples/build_code_repo.py /tmp/northwind-pulse

The compliance repository at the project root is Northwind's; this is the product's
code repository whose change population CM-01 samples each month (docs/populations.md).
Every identity and date is fixed, so the commit ids are the same on every machine.
October 2026 holds the kinds of change an auditor asks about: GitHub merges approved in
a commit trailer or in a recorded pull-request review, a squash merge, a squash approved
only by its own author, and a direct push; November holds the SEV1 hotfix that
EXC-2026-006 names (pull request northwind/pulse#1602).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PEOPLE = {
    "aisha": ("Aisha Bello", "aisha.bello@northwind-analytics.example"),
    "tom": ("Tom Becker", "tom.becker@northwind-analytics.example"),
    "elena": ("Elena Sokolova", "elena.sokolova@northwind-analytics.example"),
    "raj": ("Raj Patel", "raj.patel@northwind-analytics.example"),
}


class Repo:
    def __init__(self, root: Path) -> None:
        self.root = root

    def git(self, *args: str, who: str = "aisha", when: str = "2026-09-28T10:00:00") -> str:
        name, email = PEOPLE[who]
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_AUTHOR_DATE": f"{when}-04:00",
            "GIT_COMMITTER_DATE": f"{when}-04:00",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    def commit(self, path: str, text: str, message: str, who: str, when: str) -> str:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.git("add", "-A", who=who, when=when)
        self.git("commit", "-q", "-m", message, who=who, when=when)
        return self.git("rev-parse", "HEAD")

    def merge(self, number: int, branch: str, title: str, who: str, when: str) -> str:
        self.git("checkout", "-q", "main", who=who, when=when)
        message = f"Merge pull request #{number} from northwind/{branch}\n\n{title}"
        self.git("merge", "-q", "--no-ff", "-m", message, branch, who=who, when=when)
        return self.git("rev-parse", "HEAD")


def record_review(repo: Repo, number: int, merge: str, head: str, login: str, when: str) -> None:
    """What CI's ``soc2flow approvals record`` stores for an approving review of the head."""
    line = {
        "soc2flow": 1,
        "source": "github-reviews",
        "pr": number,
        "merge": merge,
        "head": head,
        "approvals": [
            {"login": login, "review": number * 10, "submitted_at": when, "commit_id": head}
        ],
        "stale": [],
    }
    text = json.dumps(line, sort_keys=True, separators=(",", ":"))
    repo.git(
        "notes", "--ref=refs/notes/soc2flow", "add", "-m", text, merge, who="elena", when=when[:19]
    )


def build(root: Path) -> None:
    root.mkdir(parents=True)
    repo = Repo(root)
    repo.git("init", "-q", "-b", "main")
    repo.git("remote", "add", "origin", "https://github.com/northwind/pulse.git")
    repo.commit("ingest/api.py", "LIMIT = 1000\n", "Ingestion API", "aisha", "2026-09-28T10:00:00")
    # #1526: tom's branch, approved by aisha in a trailer of the merged head.
    repo.git("checkout", "-q", "-b", "sre-2231-retries")
    repo.commit(
        "ingest/retry.py", "RETRIES = 3\n", "Retry failed batches", "tom", "2026-10-05T11:00:00"
    )
    repo.commit(
        "ingest/retry.py", "RETRIES = 5\n",
        "Raise retries to 5\n\nApproved-by: Aisha Bello <aisha.bello@northwind-analytics.example>",
        "tom", "2026-10-05T15:00:00",
    )  # fmt: skip
    repo.merge(
        1526, "sre-2231-retries", "Retry failed ingestion batches", "aisha", "2026-10-06T09:30:00"
    )
    # #1533: aisha's branch, approved in a GitHub review by tom, recorded by CI.
    repo.git("checkout", "-q", "-b", "sre-2240-export", who="aisha", when="2026-10-20T10:00:00")
    head = repo.commit(
        "export/csv.py", "DELIMITER = ','\n", "CSV export", "aisha", "2026-10-20T10:00:00"
    )
    merge = repo.merge(
        1533, "sre-2240-export", "CSV export of dashboards", "aisha", "2026-10-21T14:00:00"
    )
    record_review(repo, 1533, merge, head, "tbecker-nw", "2026-10-21T13:40:00Z")
    # #1541: a squash merge, reviewed by elena.
    repo.commit(
        "auth/session.py", "TTL_MINUTES = 30\n",
        "Shorter session lifetime (#1541)\n\n"
        "Reviewed-by: Elena Sokolova <elena.sokolova@northwind-analytics.example>",
        "tom", "2026-10-23T16:00:00",
    )  # fmt: skip
    # #1549: a squash merge whose only approval is its author's.
    repo.commit(
        "billing/invoice.py", "ROUNDING = 'half-even'\n",
        "Invoice rounding (#1549)\n\nApproved-by: Aisha Bello <aisha.bello@northwind-analytics.example>",
        "aisha", "2026-10-27T12:00:00",
    )  # fmt: skip
    # A direct push to main (a docs typo), with no pull request and no review.
    repo.commit("README.md", "Northwind Pulse\n", "Fix README typo", "tom", "2026-10-29T18:00:00")
    # November: the SEV1 hotfix, merged without review (EXC-2026-006).
    repo.git("checkout", "-q", "-b", "sev1-payload-limits", who="tom", when="2026-11-18T02:05:00")
    repo.commit(
        "ingest/api.py",
        "LIMIT = 100\nMAX_DEPTH = 32\n",
        "Limit payload nesting depth and size",
        "tom",
        "2026-11-18T02:05:00",
    )
    repo.merge(
        1602,
        "sev1-payload-limits",
        "Payload limits (SEV1 INC-2026-009)",
        "tom",
        "2026-11-18T02:10:00",
    )


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python examples/build_code_repo.py DEST (a folder that does not exist yet)")
        return 2
    dest = Path(argv[0])
    if dest.exists():
        print(f"{dest} already exists; give a new folder")
        return 2
    with tempfile.TemporaryDirectory():
        build(dest)
    print(dest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
