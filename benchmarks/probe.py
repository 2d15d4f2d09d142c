"""In-process timings of soc2flow's phases, printed as one JSON object.

    PYTHONPATH=src python benchmarks/probe.py REPO [history|load|profile-history]

``history``: ``load_history(REPO, "HEAD", use_cache=False)``, the one pass over the commit
graph, timed without interpreter start-up or imports (compare with `git log --name-status`).
``load``: ``load_repository(WorkTree(REPO))``. ``profile-history`` prints a cProfile of
the history pass instead, for finding what costs above the git floor.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def history(root: Path) -> dict[str, float]:
    """The pass without the cache, then with it (filled first if it is not at the head)."""
    from soc2flow.history import load_history

    started = time.perf_counter()
    load_history(root, "HEAD", use_cache=False).close()
    result = {"history_pass_s": time.perf_counter() - started}
    load_history(root, "HEAD", use_cache=True).close()  # a no-op read when already warm
    started = time.perf_counter()
    load_history(root, "HEAD", use_cache=True).close()
    result["history_warm_s"] = time.perf_counter() - started
    return result


def load(root: Path) -> dict[str, float]:
    from soc2flow.loading import WorkTree, load_repository

    started = time.perf_counter()
    loaded = load_repository(WorkTree(root))
    return {"load_s": time.perf_counter() - started, "diagnostics": len(loaded.diagnostics)}


def profile_history(root: Path) -> None:
    import cProfile
    import pstats

    from soc2flow.history import load_history

    profiler = cProfile.Profile()
    profiler.enable()
    load_history(root, "HEAD", use_cache=False)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main(argv: list[str]) -> int:
    root, what = Path(argv[0]), argv[1] if len(argv) > 1 else "history"
    if what == "profile-history":
        profile_history(root)
        return 0
    print(json.dumps({"history": history, "load": load}[what](root)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
