"""docs/rules.md, generated from the rule registry: ``python -m soc2flow.rules.doc > docs/rules.md``."""

from __future__ import annotations

from soc2flow.rules import all_rules

HEADER = """\
# Validation rules

Every finding of `soc2flow validate` names one of these rules. The IDs are stable; the
severity is the default (`--strict` makes warnings fail the run too). Rules marked
*history* read git history and are skipped (with a note) where there is none.

This file is generated from the rule registry (`python -m soc2flow.rules.doc > docs/rules.md`);
a test fails when it is out of step.

| rule | severity | checks | fails | passes |
|---|---|---|---|---|
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    """The whole of docs/rules.md."""
    rows = []
    for item in all_rules().values():
        summary = item.summary + (" *(history)*" if item.needs_history else "")
        cells = [f"`{item.id}`", str(item.severity), summary, item.fails, item.passes]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |\n")
    return HEADER + "".join(rows)


if __name__ == "__main__":  # pragma: no cover
    print(render(), end="")
