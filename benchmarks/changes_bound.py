"""The least work any Python ``soc2flow changes`` must do, as a second floor.

    python benchmarks/changes_bound.py FORMAT SINCE UNTIL   (in the repository)

It starts the two git processes ``changes`` cannot do without, in parallel: the monotone
clock (``git rev-list --first-parent --timestamp`` to the root, SPEC §7.6) and the
period's first-parent log in the history engine's format. It reads the log, writes each
commit as one JSON line with the contract's keys, and computes the effective times from
the clock. It judges nothing (no approvals, pull requests, notes, people or branch
commits), imports nothing beyond the standard library, and trusts git's ``--since``,
which a back-dated commit defeats: it is a bound, not an implementation. Its ratio to the
floor is what a perfect ``changes`` could at best reach on the same machine
(docs/benchmarks.md, "``soc2flow changes``").
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from itertools import accumulate


def main(fmt: str, since: str, until: str) -> None:
    with tempfile.TemporaryFile() as clock_out:
        clock = subprocess.Popen(
            ["git", "rev-list", "--first-parent", "--timestamp", "HEAD"], stdout=clock_out
        )
        argv = ["git", "log", "-z", "--first-parent", f"--format={fmt}", since, until]
        log = subprocess.run(argv, stdout=subprocess.PIPE, check=True)
        rows = []
        for record in log.stdout.decode("utf-8", "replace").split("\x1e")[1:]:
            fields = record.rstrip("\0").split("\x1f", 9)
            rows.append(
                {
                    "commit": fields[0],
                    "date": fields[4][:10],
                    "pr": None,
                    "subject": fields[-1],
                    "authors": [f"{fields[2]} <{fields[3]}>"],
                    "approvals": [],
                    "independent": False,
                    "flags": ["unreviewed", "direct-push"],
                }
            )
        if clock.wait() != 0:
            raise SystemExit("git rev-list failed")
        clock_out.seek(0)
        stamps = clock_out.read().split()[0::2]
        effective = list(accumulate(reversed([int(t) for t in stamps]), max))
    encode = json.JSONEncoder(ensure_ascii=False).encode
    sys.stdout.write("[\n" + ",\n".join(encode(row) for row in rows) + "\n]\n")
    print(f"{len(rows)} commits, {len(effective)} on the line", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
