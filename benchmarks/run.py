"""Benchmark soc2flow against the physical floors, in one run, on a generated repository.

    python benchmarks/run.py --size small --repeat 5 --json benchmarks/results/small.json

Every measurement is a fresh process, timed from start to exit (interpreter start-up
included), with its peak resident memory from ``os.wait4``. The floors are measured in
the same run, interleaved with the commands, so that a busy machine slows both:

- ``git log --name-status`` over the whole history: git reading its own commit graph;
- ``yaml_floor.py``: a fresh interpreter that parses the same YAML with libyaml
  (``yaml.load(..., CSafeLoader)``) and does nothing else;
- ``python -c "import typer, rich.console"``: the import cost of the CLI framework.

Each command is compared with its floor (issue 7 targets); medians of ``--repeat`` runs
after one unmeasured warm-up. Commands that do not exist yet are skipped and listed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
SRC = PROJECT / "src"
PY = sys.executable
GIB = 1024**3

sys.path.insert(0, str(HERE))
import generate  # noqa: E402
import population_bench  # noqa: E402


@dataclass
class Measure:
    """One thing to time: a command line, what to do before each run, its floor."""

    name: str
    argv: list[str]
    floor: str | None = None
    target: float | None = None
    before: Callable[[], None] | None = None
    ok_codes: tuple[int, ...] = (0, 1)
    times: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    error: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")


@dataclass
class Run:
    elapsed: float
    rss: int
    code: int
    stdout: bytes
    stderr: str


TIME = shutil.which("time", path="/usr/bin:/bin")


def run_once(argv: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Run:
    """Wall time (s), peak RSS (bytes), exit code and output of one fresh process.

    The peak comes from /usr/bin/time (%M): a child forked straight from this Python process
    would report this process's own resident size as its peak, since Linux counts the
    memory a process had before exec.
    """
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile() as peak,
    ):
        wrapped = [TIME, "-q", "-f", "%M", "-o", peak.name, *argv] if TIME else argv
        started = time.perf_counter()
        proc = subprocess.Popen(
            wrapped, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )
        # A blocking wait: Popen.wait(timeout) polls with growing sleeps, which rounds a
        # 0.1 s start-up to the next poll. The timeout kills from a timer instead.
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        code = proc.wait()
        timer.cancel()
        elapsed = time.perf_counter() - started
        err.seek(0)
        out.seek(0)
        text = Path(peak.name).read_text().split()
        rss = int(text[-1]) * 1024 if text and text[-1].isdigit() else 0
        return Run(elapsed, rss, code, out.read(65536), err.read(600).decode("utf-8", "replace"))


def soc2flow_help(env: dict[str, str], cwd: Path, *args: str) -> str:
    proc = subprocess.run(
        [PY, "-m", "soc2flow", *args, "--help"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout if proc.returncode == 0 else ""


def cache_dir(repo: Path) -> Path:
    return repo / ".git" / "soc2flow"


def first_policy_id(repo: Path) -> str:
    for path in sorted((repo / "policies").glob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            if line.startswith("id:"):
                return line.split(":", 1)[1].strip()
    raise SystemExit("the generated repository has no policy")


def plan(repo: Path, env: dict[str, str], as_of: str, out: Path) -> tuple[list[Measure], list[str]]:
    """The measurements, and the commands skipped because they do not exist yet."""
    cli = [PY, "-m", "soc2flow"]
    clear = lambda: shutil.rmtree(cache_dir(repo), ignore_errors=True)  # noqa: E731
    measures = [
        Measure("floor: import typer, rich.console", [PY, "-c", "import typer, rich.console"]),
        Measure("floor: git log --name-status", ["git", "log", "--name-status"]),
        Measure("floor: yaml CSafeLoader", [PY, str(HERE / "yaml_floor.py"), str(repo)]),
        Measure("soc2flow --help", [*cli, "--help"], "floor: import typer, rich.console", 1.3),
        Measure(
            "soc2flow --version", [*cli, "--version"], "floor: import typer, rich.console", 1.3
        ),
    ]
    skipped: list[str] = []
    probe = [PY, str(HERE / "probe.py"), str(repo), "history"]

    def opts(command: str, *wanted: str) -> list[str]:
        text = soc2flow_help(env, repo, *command.split())
        return [w for w in wanted if w in text]

    def with_as_of(command: str) -> list[str]:
        return ["--as-of", as_of] if opts(command, "--as-of") else []

    if soc2flow_help(env, repo, "validate"):
        validate = [*cli, "validate", *with_as_of("validate")]
        yaml_floor = "floor: yaml CSafeLoader"
        measures += [
            Measure("validate (cold cache)", validate, yaml_floor, 3.0, clear),
            Measure("validate (warm cache)", validate, yaml_floor, 3.0),
        ]
        if opts("validate", "--no-history"):
            no_history = [*validate, "--no-history"]
            measures.append(Measure("validate --no-history", no_history, yaml_floor, 3.0))
    else:
        skipped.append("validate")
    if soc2flow_help(env, repo, "due"):
        due = [*cli, "due", *with_as_of("due"), "--format", "json"]
        measures += [
            Measure("due (cold cache)", due, "floor: git log --name-status", 2.0, clear),
            Measure("due (warm cache)", due, "floor: git log --name-status", 0.3),
        ]
        if with_as_of("due"):  # the report is cached per as-of date: the day after misses it
            day_after = (date.fromisoformat(as_of) + timedelta(days=1)).isoformat()
            later = [*cli, "due", "--as-of", day_after, "--format", "json"]
            measures.append(
                Measure("due (warm history cache, next day)", later, "floor: git log --name-status")
            )
    else:
        skipped.append("due")
    if soc2flow_help(env, repo, "history"):
        history = [*cli, "history", first_policy_id(repo), "--format", "json"]
        measures += [
            Measure(
                "history ID (cold cache)", history, "floor: git log --name-status", None, clear
            ),
            Measure("history ID (warm cache)", history, "floor: git log --name-status"),
        ]
        measures.append(
            Measure("history pass (in-process)", probe, "floor: git log --name-status", 1.5)
        )
    else:
        skipped.append("history")
    if soc2flow_help(env, repo, "binder"):
        for fmt in ("html", "zip"):
            argv = [*cli, "binder", "--format", fmt, "--out", str(out / f"binder.{fmt}")]
            floor = "due (cold cache)" if "due" not in skipped else None
            target = 3.0 if fmt == "html" and floor else None
            measures.append(
                Measure(f"binder --format {fmt} (cold cache)", argv, floor, target, clear)
            )
    else:
        skipped.append("binder")
    has_changes = soc2flow_help(env, repo, "changes")
    measures += population_bench.changes_measures(Measure, cli, skipped, has_changes)
    return measures, skipped


def warm_page_cache(repo: Path) -> None:
    """Read every file of the repository (work tree and .git) once, unmeasured.

    The kernel reclaims page cache that has not been used for a while (on the
    development machines within minutes), so without this whichever command ran first
    after a pause paid for the disk reads the next one then found in memory; in one run
    the YAML floor took 13 s cold and 6.3 s warm. Every command and floor now starts
    with the repository in memory.
    """
    for dirpath, _, filenames in os.walk(repo):
        for name in filenames:
            with contextlib.suppress(OSError), open(os.path.join(dirpath, name), "rb") as f:
                while f.read(1 << 20):
                    pass


def measure_all(
    measures: list[Measure],
    repo: Path,
    env: dict[str, str],
    args: argparse.Namespace,
    save: Callable[[dict[str, float]], None],
) -> dict[str, float]:
    """An optional warm-up round, then ``repeat`` rounds, each command once per round.

    Interleaving the commands with their floors round by round means a machine that gets
    busier slows both. The results so far are saved after every round.
    """
    inner: dict[str, list[float]] = {}
    repeat, timeout = args.repeat, args.timeout
    first = 0 if args.warmup else 1
    for round_ in range(first, repeat + 1):
        for m in measures:
            if m.error:
                continue
            if m.before:
                m.before()
            warm_page_cache(repo)
            run = run_once(m.argv, repo, env, timeout)
            if run.code not in m.ok_codes:
                m.error = f"exit {run.code}: {run.stderr.strip()[:300]}"
                continue
            if round_ and m.name == "history pass (in-process)":
                for key, value in json.loads(run.stdout).items():
                    inner.setdefault(key, []).append(value)
            if round_:  # round 0 warms the page cache and is not counted
                m.times.append(run.elapsed)
                m.rss.append(run.rss)
                m.codes.append(run.code)
            print(f"  [{round_}/{repeat}] {m.name}: {run.elapsed:.3f} s", file=sys.stderr)
        save({key: statistics.median(values) for key, values in inner.items()})
    return {key: statistics.median(values) for key, values in inner.items()}


def report(measures: list[Measure], inner: dict[str, float]) -> list[dict[str, object]]:
    by_name = {m.name: m for m in measures}
    rows: list[dict[str, object]] = []
    for m in measures:
        value = m.median
        inner_row = m.name == "history pass (in-process)" and "history_pass_s" in inner
        if inner_row:
            value = inner["history_pass_s"]  # the pass itself, without start-up and imports
        floor = by_name.get(m.floor) if m.floor else None
        ratio = value / floor.median if floor and floor.times and m.times else None
        if ratio is not None and floor and len(floor.times) == len(m.times) and not inner_row:
            # each round's ratio, then their median: steadier on a machine whose load moves
            ratio = statistics.median(t / f for t, f in zip(m.times, floor.times, strict=True))
        rows.append(
            {
                "name": m.name,
                "median_s": None if m.error else round(value, 4),
                "runs_s": [round(t, 4) for t in m.times],
                "peak_rss_mib": round(max(m.rss) / 2**20, 1) if m.rss else None,
                "exit_codes": sorted(set(m.codes)),
                "floor": m.floor,
                "ratio": round(ratio, 3) if ratio is not None else None,
                "target": m.target,
                "meets_target": (ratio <= m.target) if ratio is not None and m.target else None,
                "memory_ok": (max(m.rss) < GIB) if m.rss else None,
                "error": m.error or None,
            }
        )
    return rows


def print_table(rows: list[dict[str, object]], inner: dict[str, float]) -> None:
    print(f"{'measurement':38} {'median s':>9} {'peak MiB':>9} {'ratio':>7} {'target':>7}  vs")
    for row in rows:
        median = "error" if row["error"] else f"{row['median_s']:.3f}"
        rss = f"{row['peak_rss_mib']:.0f}" if row["peak_rss_mib"] is not None else "-"
        ratio = f"{row['ratio']:.2f}x" if row["ratio"] is not None else "-"
        target = f"<={row['target']}x" if row["target"] else "-"
        mark = {True: "  ok", False: "  MISSED", None: ""}[row["meets_target"]]  # type: ignore[index]
        print(
            f"{row['name']:38} {median:>9} {rss:>9} {ratio:>7} {target:>7}  {row['floor'] or ''}{mark}"
        )
        if row["error"]:
            print(f"    {row['error']}")
    for key, value in sorted(inner.items()):
        print(f"  in-process {key}: {value:.3f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark soc2flow against its floors.")
    parser.add_argument("--size", choices=sorted(generate.SIZES), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--as-of", default="2025-12-31", help="fixed date for validate/due")
    parser.add_argument("--only", action="append", default=[], help="substring of names to run")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument(
        "--warmup", type=int, choices=(0, 1), default=1, help="an unmeasured first round (1)"
    )
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)

    repo = generate.ensure(args.size, args.seed)
    # As an install would: with PYTHONDONTWRITEBYTECODE set, every run would otherwise
    # compile soc2flow from source while the floors import precompiled site-packages.
    subprocess.run([PY, "-m", "compileall", "-q", str(SRC)], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(SRC), "NO_COLOR": "1", "COLUMNS": "120"}
    with tempfile.TemporaryDirectory(prefix="soc2flow-bench-") as tmp:
        measures, skipped = plan(repo, env, args.as_of, Path(tmp))
        if args.only:
            keep = {m.floor for m in measures if any(o in m.name for o in args.only)}
            measures = [
                m for m in measures if m.name in keep or any(o in m.name for o in args.only)
            ]
        load = os.getloadavg()
        started = time.time()

        def save(inner: dict[str, float]) -> None:
            if args.json:
                write_json(args, measures, inner, skipped, started, load)

        inner = measure_all(measures, repo, env, args, save)
        save(inner)
    print_table(report(measures, inner), inner)
    if skipped:
        print(f"skipped (not available yet): {', '.join(skipped)}")
    return 0


def write_json(
    args: argparse.Namespace,
    measures: list[Measure],
    inner: dict[str, float],
    skipped: list[str],
    started: float,
    load: tuple[float, float, float],
) -> None:
    result = {
        "size": args.size,
        "seed": args.seed,
        "shape": generate.SIZES[args.size].__dict__,
        "repeat": args.repeat,
        "as_of": args.as_of,
        "soc2flow_commit": _git(PROJECT, "rev-parse", "HEAD"),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "duration_s": round(time.time() - started, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "git": _git(PROJECT, "--version"),
            "loadavg_before": load,
            "loadavg_after": os.getloadavg(),
        },
        "results": report(measures, inner),
        "in_process": inner,
        "skipped": skipped,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False
    ).stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
