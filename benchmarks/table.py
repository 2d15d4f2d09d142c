"""Print a benchmark result file as a Markdown table (for docs/benchmarks.md).

python benchmarks/table.py benchmarks/results/large.json
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path


def main(path: str) -> int:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    machine = data["machine"]
    print(
        f"`{data['size']}` ({data['shape']['commits']:,} commits), {data['repeat']} rounds, "
        f"soc2flow {data['soc2flow_commit'][:10]}, {machine['cpus']} CPUs, "
        f"load average {machine['loadavg_before'][0]:.1f} → {machine['loadavg_after'][0]:.1f}\n"
    )
    print("Ratio: the median over rounds of (command ÷ its floor in the same round).\n")
    print("| measurement | median s | runs s | peak MiB | vs | ratio | target |")
    print("|---|---:|---|---:|---|---:|---|")
    all_runs = {row["name"]: row["runs_s"] for row in data["results"]}
    for row in data["results"]:
        floor_runs = all_runs.get(row["floor"] or "", [])
        if row["name"] != "history pass (in-process)" and len(floor_runs) == len(row["runs_s"]):
            pairs = [t / f for t, f in zip(row["runs_s"], floor_runs, strict=True) if f]
            row["ratio"] = statistics.median(pairs) if pairs else row["ratio"]
            if row["target"] and pairs:
                row["meets_target"] = row["ratio"] <= row["target"]
        median = "error" if row["error"] else f"{row['median_s']:.2f}"
        runs = ", ".join(f"{t:.2f}" if t < 1 else f"{t:.1f}" for t in row["runs_s"])
        ratio = f"{row['ratio']:.2f}×" if row["ratio"] is not None else ""
        target = f"≤ {row['target']}×" if row["target"] else ""
        if row["meets_target"] is not None:
            target += " ok" if row["meets_target"] else " **missed**"
        peak = f"{row['peak_rss_mib']:.0f}" if row["peak_rss_mib"] is not None else ""
        print(
            f"| {row['name']} | {median} | {runs} | {peak} | {row['floor'] or ''} | {ratio} | {target} |"
        )
    for key, value in sorted(data["in_process"].items()):
        print(f"\nIn process: `{key}` = {value:.2f} s", end="")
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
