"""Replaying the example's planned history in git (used by examples/build.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from build import ROOT, Landing, Person


class Git:
    """The example repository being built, with a clock that only moves forward."""

    def __init__(self, root: Path, people: dict[str, Person], keys: Path) -> None:
        self.root, self.people, self.keys = root, people, keys
        self.clock = datetime(2000, 1, 1)
        self.prs = 0

    def tick(self, when: datetime) -> str:
        self.clock = max(when, self.clock + timedelta(minutes=7))
        return _stamp(self.clock)

    def run(self, *args: str, who: str = "", when: str = "", data: bytes | None = None) -> str:
        env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        if who:
            person = self.people[who]
            env |= {
                "GIT_AUTHOR_NAME": person.name,
                "GIT_AUTHOR_EMAIL": person.email,
                "GIT_COMMITTER_NAME": person.name,
                "GIT_COMMITTER_EMAIL": person.email,
            }
        if when:
            env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=env, input=data, capture_output=True, check=False
        )
        if done.returncode != 0:
            raise SystemExit(f"git {' '.join(args)} failed: {done.stderr.decode(errors='replace')}")
        return done.stdout.decode().strip()

    def write(self, files: dict[str, bytes]) -> None:
        for path, data in files.items():
            target = self.root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self.run("add", "-A")

    def land(self, landing: Landing) -> None:
        if landing.how == "direct":
            self.write(landing.files)
            self.run(
                "commit",
                "-q",
                "-m",
                landing.title,
                who=landing.author,
                when=self.tick(landing.when),
            )
            return
        self.prs += 1
        branch = f"{landing.author}/{landing.branch}"
        self.run("checkout", "-q", "-b", branch, "main")
        self.write(landing.files)
        work = self.tick(landing.when - timedelta(hours=3))
        self.run("commit", "-q", "-m", landing.title, who=landing.author, when=work)
        head = self.run("rev-parse", "HEAD")
        self.run("checkout", "-q", "main")
        self._merge(landing, branch)
        self._record(landing, head)
        self.run("branch", "-q", "-D", branch)

    def _merge(self, landing: Landing, branch: str) -> None:
        message = (
            f"Merge pull request #{self.prs} from northwind/{landing.branch}\n\n{landing.title}\n"
        )
        merger, sign = landing.author, []
        if landing.how in ("signed", "trailer") and landing.approvers:
            merger = landing.approvers[0]
            person = self.people[merger]
            message += f"\nApproved-by: {person.name} <{person.email}>\n"
            if landing.how == "signed":
                sign = ["-c", f"user.signingkey={self.keys / merger}", "-c", "gpg.format=ssh"]
        self.run(
            *sign,
            "merge",
            "-q",
            "--no-ff",
            *(["-S"] if sign else []),
            "-m",
            message,
            branch,
            who=merger,
            when=self.tick(landing.when),
        )

    def _record(self, landing: Landing, head: str) -> None:
        """Approving reviews the way CI records them on merge: ``soc2flow approvals record``."""
        reviewers = {"signed": landing.approvers[1:2], "notes": landing.approvers[:2]}
        chosen = reviewers.get(landing.how, ())
        if not chosen:
            return
        reviews = [
            {
                "user": {"login": self.people[who].github},
                "state": "APPROVED",
                "submitted_at": self.clock.isoformat() + "Z",
                "commit_id": head,
            }
            for who in chosen
        ]
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_AUTHOR_DATE": _stamp(self.clock),
            "GIT_COMMITTER_DATE": _stamp(self.clock),
            "GIT_AUTHOR_NAME": "Northwind CI",
            "GIT_AUTHOR_EMAIL": "ci@northwind-analytics.example",
            "GIT_COMMITTER_NAME": "Northwind CI",
            "GIT_COMMITTER_EMAIL": "ci@northwind-analytics.example",
        }
        done = subprocess.run(
            [sys.executable, "-m", "soc2flow", "approvals", "record", "--repo", str(self.root)],
            input=json.dumps(reviews).encode(),
            env=env,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"soc2flow approvals record failed: {done.stderr.decode()}")


def _stamp(when: datetime) -> str:
    from zoneinfo import ZoneInfo

    local = when.replace(tzinfo=ZoneInfo("America/New_York"))
    return local.isoformat()


def make_keys(folder: Path, who: list[str], people: dict[str, Person]) -> bytes:
    """Throwaway SSH keys for the signers; returns their allowed-signers lines."""
    lines = []
    for person in who:
        key = folder / person
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", person, "-f", str(key)],
            check=True,
            capture_output=True,
        )
        public = (folder / f"{person}.pub").read_text().split()[:2]
        lines.append(f'{people[person].email} namespaces="git" {" ".join(public)}\n')
    return "".join(lines).encode()
