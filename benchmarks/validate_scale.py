"""How `soc2flow validate` scales: a generated repository of 500 policies and 5,000 controls.

Reports the median wall-clock and CPU time of plain YAML parsing of the same files (libyaml's CSafeLoader, the
baseline), of the validate use case in-process, and of the end-to-end CLI (interpreter start included),
and the ratios of the latter two to the baseline. CPU time is the steadier figure on a
shared machine. Run from the project root:

    python benchmarks/validate_scale.py [--policies 500] [--controls 5000] [--records 1000] [--repeat 5]

``measure()`` is importable for a general benchmark runner.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import yaml

SRC = Path(__file__).resolve().parents[1] / "src"
AS_OF = "2026-04-01"
CRITERIA = ["CC1.1", "CC2.1", "CC3.2", "CC5.2", "CC6.1", "CC6.2", "CC7.2", "CC8.1", "CC9.2"]
CSF = ["GV.PO-01", "PR.AA-01", "PR.AA-05", "PR.PS-01", "DE.CM-01", "RS.MA-01"]
CADENCES = ["quarterly", "monthly", "annual", "{every: P90D}", "on-change", "continuous"]

CONFIG = """\
organization: Benchmark Corp
timezone: UTC
frameworks: [soc2-tsc-2017, nist-csf-2.0]
audit: {period: {start: 2026-01-01, end: 2026-12-31}}
people:
  - {id: alice, name: Alice Ng, email: alice@example.com, manager: carol}
  - {id: bob, name: Bob Stone, email: bob@example.com, manager: carol}
  - {id: carol, name: Carol Diaz, email: carol@example.com}
teams:
  security: {members: [alice, bob], lead: carol}
"""


def _policy(i: int) -> str:
    crit = ", ".join(CRITERIA[j % len(CRITERIA)] for j in range(i, i + 3))
    return (
        f"---\nid: POL-{i:04d}\ntitle: Policy number {i}\nowner: alice\napprovers: [carol]\n"
        f"criticality: {['high', 'medium', 'low'][i % 3]}\nreview: annual\nreviewed: 2026-02-10\n"
        f"status: active\ncriteria: [{crit}]\nmappings: {{nist-csf-2.0: [{CSF[i % len(CSF)]}]}}\n"
        f"---\n# Policy number {i}\n\n"
        + "The organisation does the right thing, every time.\n"
        * 20
    )


def _control(i: int, policies: int) -> str:
    crit = ", ".join(CRITERIA[j % len(CRITERIA)] for j in range(i, i + 2))
    return (
        f"id: C-{i:05d}\ntitle: Control number {i}\n"
        f"description: Owners check the thing and record what they found.\n"
        f"policy: POL-{i % policies:04d}\nowner: {['alice', 'bob', 'security'][i % 3]}\n"
        f"backup: carol\ncriticality: {['high', 'medium', 'low'][i % 3]}\n"
        f"cadence: {CADENCES[i % len(CADENCES)]}\nevidence:\n"
        f"  - {{id: export, description: the export reviewed}}\n"
        f"criteria: [{crit}]\nmappings: {{nist-csf-2.0: [{CSF[i % len(CSF)]}]}}\n"
        f"escalation: [carol]\n"
    )


def generate(root: Path, policies: int = 500, controls: int = 5000, records: int = 1000) -> None:
    """Write a valid compliance repository of the given size under ``root``."""
    (root / "policies").mkdir(parents=True)
    (root / "controls").mkdir()
    (root / "soc2flow.yaml").write_text(CONFIG)
    for i in range(policies):
        (root / "policies" / f"policy-{i:04d}.md").write_text(_policy(i))
    for i in range(controls):
        (root / "controls" / f"C-{i:05d}.yaml").write_text(_control(i, policies))
    for i in range(records):
        folder = root / "evidence" / f"C-{i % controls:05d}" / f"2026-03-{1 + i // controls:02d}"
        folder.mkdir(parents=True)
        payload = f"user,decision\nu{i},keep\n".encode()
        (folder / "export.csv").write_bytes(payload)
        digest = hashlib.sha256(payload).hexdigest()
        (folder / "record.yaml").write_text(
            f"control: C-{i % controls:05d}\nperformed: {folder.name}\nperformed_by: bob\n"
            f"result: pass\nfiles:\n  - {{path: export.csv, evidence: export, sha256: {digest}}}\n"
        )


def _yaml_files(root: Path) -> list[Path]:
    found = [root / "soc2flow.yaml"]
    for top in ("policies", "controls", "evidence"):
        found.extend(p for p in sorted((root / top).rglob("*")) if p.suffix in (".md", ".yaml"))
    return found


def plain_yaml(root: Path) -> None:
    """The baseline: read each file and parse its YAML with libyaml (front matter for .md)."""
    for path in _yaml_files(root):
        text = path.read_text("utf-8")
        if path.suffix == ".md":
            text = text.split("\n---\n", 1)[0].removeprefix("---\n")
        yaml.load(text, Loader=yaml.CSafeLoader)


def in_process(root: Path) -> None:
    sys.path.insert(0, str(SRC))
    from soc2flow.usecases.validate import validate

    result = validate(root, as_of=date.fromisoformat(AS_OF), use_history=False)
    if result.findings:
        raise SystemExit(f"generated repository has findings: {result.findings[:3]}")


def cli(root: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [sys.executable, "-m", "soc2flow", "validate", "--repo", str(root)]
    command += ["--as-of", AS_OF, "--no-history"]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"validate failed ({proc.returncode}): {proc.stderr[-500:]}")


def _cpu() -> float:
    """CPU seconds of this process and its finished children (robust on a busy machine)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _median(func: Callable[[Path], None], root: Path, repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``repeat`` runs."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), _cpu()
        func(root)
        wall.append(time.perf_counter() - start)
        cpu.append(_cpu() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def measure(
    policies: int = 500, controls: int = 5000, records: int = 1000, repeat: int = 5
) -> dict[str, float | int]:
    """Generate the repository in a temporary folder and time the three runs (medians)."""
    with tempfile.TemporaryDirectory(prefix="soc2flow-bench-") as tmp:
        root = Path(tmp) / "repo"
        generate(root, policies, controls, records)
        in_process(root)  # warm the page cache and imports before timing
        baseline = _median(plain_yaml, root, repeat)
        use_case = _median(in_process, root, repeat)
        end_to_end = _median(cli, root, repeat)
    figures: dict[str, float | int] = {
        "policies": policies,
        "controls": controls,
        "records": records,
        "files": 1 + policies + controls + records,
        "repeat": repeat,
    }
    for index, clock in enumerate(("wall", "cpu")):
        figures[f"yaml_{clock}_seconds"] = round(baseline[index], 3)
        figures[f"validate_{clock}_seconds"] = round(use_case[index], 3)
        figures[f"cli_{clock}_seconds"] = round(end_to_end[index], 3)
        figures[f"validate_{clock}_ratio"] = round(use_case[index] / baseline[index], 2)
        figures[f"cli_{clock}_ratio"] = round(end_to_end[index] / baseline[index], 2)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies", type=int, default=500)
    parser.add_argument("--controls", type=int, default=5000)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(measure(args.policies, args.controls, args.records, args.repeat), indent=2))


if __name__ == "__main__":
    main()
