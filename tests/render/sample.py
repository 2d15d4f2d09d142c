"""A hand-built binder view model, for renderer tests that need no repository."""

from __future__ import annotations

from soc2flow.render.fileref import FileRef
from soc2flow.render.model import (
    ApprovalView,
    Binder,
    ControlView,
    Cover,
    ExceptionView,
    Execution,
    Expected,
    InheritedView,
    MatrixRow,
    PolicyView,
    Summary,
    VersionView,
)

HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> "
    "[click](javascript:alert(3)) {{ 7*7 }} {% raw %} | * _ ` "
)
COMMIT = "0123456789abcdef0123456789abcdef01234567"
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def sample(text: str = HOSTILE) -> Binder:
    evidence = FileRef("evidence/AC-01/2026-03-28/users.csv", SHA, "review-export", SHA)
    run = Execution(
        "evidence/AC-01/2026-03-28/record.yaml", "2026-03-28", "bob", "pass", "2026-Q1", text,
        (evidence,),
    )  # fmt: skip
    version = VersionView(
        COMMIT, "2026-02-10", "Alice Ng <alice@example.com>", 7,
        (ApprovalView("carol", "pr-review", COMMIT),), True, (), True,
        "--- a\n+++ b\n@@ -1 +1 @@\n-old " + text + "\n+new " + text, "2026-02-10",
    )  # fmt: skip
    control = ControlView(
        "AC-01", "Access review " + text, "controls/AC-01.yaml", text, "POL-ACCESS", "bob",
        "alice", "high", "quarterly", ("CC6.1",), (("review-export", text),),
        (
            Expected("2026-Q1", "2026-01-01", "2026-03-31", "2026-03-31", "complete", run),
            Expected("2026-Q2", "2026-04-01", "2026-06-30", "2026-06-30", "missed"),
        ),
        (run,), (version,), ("Version 0123456789ab: the owner changed " + text,),
    )  # fmt: skip
    policy = PolicyView(
        "POL-ACCESS", "Access " + text, "policies/access.md", "alice", ("carol",), "active",
        "high", "annual", "2026-02-10", "2027-02-10", ("CC6.1",), "# Access\n\n" + text,
        (version,), (),
    )  # fmt: skip
    exception = ExceptionView(
        "EXC-1", "emergency-change", "AC-01", "exceptions/EXC-1.yaml", text, "high", "alice",
        "2026-04-02", "2026-07-01", ("AC-07",), (version,), "2026-04-07", "not approved yet",
    )  # fmt: skip
    inherited = InheritedView(
        "AC-01", "Access review", text, "carve-out", None, "evidence/vendors/x.pdf", "annual",
        "2026-03-01", "2027-03-01", (text,),
    )  # fmt: skip
    cover = Cover(
        "Example " + text, "2026-01-01", "2026-12-31", COMMIT, "2026-06-30", "2026-06-30",
        "0.1.0", (), Summary(1, 0, 1, 0),
    )  # fmt: skip
    row = MatrixRow(
        "soc2-tsc-2017", "CC6.1", text, (("AC-01", text, 1, "missed"),), ("P",), "missed"
    )
    return Binder(
        cover, (row,), (policy,), (control,), (exception,), (inherited,), (evidence,),
        ("soc2-tsc-2017",),
    )  # fmt: skip
