"""The valid/invalid example corpus: each invalid case is the valid repository plus changes.

An invalid case is a folder ``corpus/invalid/<rule-id>[--variant]/`` holding files that are
laid over a copy of ``corpus/valid/`` and an ``expect.yaml``::

    as_of: 2026-04-01                       # optional, the default
    remove: [soc2flow.yaml]                 # files of the valid repository to delete
    patch:                                  # exact text replacements in copied files
      controls/AC-01.yaml: [["owner: bob", "owner: dave"]]
    setup:                                  # what plain files cannot express
      - {symlink: controls/AC-09.yaml, to: /etc/hostname}
      - {bytes: controls/AC-09.yaml, hex: "69643a..."}
      - {big: controls/AC-09.yaml, size: 6000000}
      - {fifo: controls/AC-09.yaml}
    findings:                               # exactly the findings the run must report
      - {rule: owner-inactive, path: controls/AC-01.yaml, line: 4}
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).parent / "corpus"
VALID = CORPUS / "valid"
INVALID = CORPUS / "invalid"
AS_OF = date(2026, 4, 1)


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path
    expect: dict[str, Any]

    @property
    def rule(self) -> str:
        return self.name.split("--")[0]

    @property
    def as_of(self) -> date:
        value = self.expect.get("as_of", AS_OF)
        return value if isinstance(value, date) else date.fromisoformat(str(value))

    def findings(self) -> set[tuple[str, str, int]]:
        return {(f["rule"], f["path"], int(f["line"])) for f in self.expect["findings"]}

    def build(self, target: Path) -> Path:
        """Lay the case over a copy of the valid repository at ``target``."""
        shutil.copytree(VALID, target, symlinks=True)
        for path in self.expect.get("remove", []):
            (target / path).unlink()
        for path, pairs in self.expect.get("patch", {}).items():
            file = target / path
            text = file.read_text("utf-8")
            for old, new in pairs:
                assert old in text, f"{self.name}: {old!r} not in {path}"
                text = text.replace(old, new, 1)
            file.write_text(text, "utf-8")
        for source in sorted(self.folder.rglob("*")):
            if source.is_file() and source.name != "expect.yaml":
                dest = target / source.relative_to(self.folder)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, dest)
        for action in self.expect.get("setup", []):
            _setup(target, action)
        return target


def _setup(root: Path, action: dict[str, Any]) -> None:
    if "symlink" in action:
        link = root / action["symlink"]
        link.parent.mkdir(parents=True, exist_ok=True)
        link.unlink(missing_ok=True)
        os.symlink(action["to"], link)
    elif "bytes" in action:
        (root / action["bytes"]).write_bytes(bytes.fromhex(action["hex"]))
    elif "fifo" in action:
        os.mkfifo(root / action["fifo"])
    elif "big" in action:
        (root / action["big"]).write_bytes(b"title: x\n" + b"#" * int(action["size"]))
    else:
        raise AssertionError(f"unknown setup action {action}")


def cases() -> list[Case]:
    found = []
    for folder in sorted(p for p in INVALID.iterdir() if p.is_dir()):
        expect = yaml.safe_load((folder / "expect.yaml").read_text("utf-8"))
        found.append(Case(folder.name, folder, expect))
    return found
