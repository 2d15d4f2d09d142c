"""Execution records: where they live, what period they cover, when they were performed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from soc2flow.diagnostics import Severity
from soc2flow.models import Cadence, PerPerson
from soc2flow.rules.base import Hit, RuleContext, hit, rule

E, W = Severity.ERROR, Severity.WARNING

_FOLDER = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-[A-Za-z0-9][A-Za-z0-9._-]*)?$")
_EXAMPLES = {
    "annual": "2026",
    "semiannual": "2026-H1",
    "quarterly": "2026-Q1",
    "monthly": "2026-03",
    "continuous": "2026-03",
    "weekly": "2026-W13",
    "daily": "2026-03-28",
}


def folder_parts(path: str) -> tuple[str, str] | None:
    """(control id, folder name) of ``evidence/<CONTROL>/<FOLDER>/record.yaml``, else None."""
    parts = path.split("/")
    if len(parts) != 4 or parts[0] != "evidence" or parts[3] != "record.yaml":
        return None
    return parts[1], parts[2]


def folder_date(name: str) -> date | None:
    match = _FOLDER.fullmatch(name)
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None


@rule(
    "record-path-invalid",
    E,
    fails="evidence/AC-01/q1-review/record.yaml",
    passes="evidence/AC-01/2026-03-28-q1/record.yaml",
)
def record_path_invalid(ctx: RuleContext) -> Iterator[Hit]:
    """Records live at evidence/<CONTROL>/<DATE>[-slug]/record.yaml with a real date."""
    for record in ctx.repo.records:
        parts = folder_parts(record.path)
        if parts is None or folder_date(parts[1]) is None:
            yield Hit(
                record.path,
                1,
                1,
                "a record lives at evidence/<CONTROL>/<YYYY-MM-DD>[-slug]/record.yaml",
            )


@rule(
    "record-control-mismatch",
    E,
    fails="evidence/AC-02/2026-03-28/record.yaml with `control: AC-01`",
    passes="evidence/AC-01/2026-03-28/record.yaml with `control: AC-01`",
)
def record_control_mismatch(ctx: RuleContext) -> Iterator[Hit]:
    """A record's folder is named after the control it records."""
    for record in ctx.repo.records:
        parts = folder_parts(record.path)
        if parts is not None and parts[0] != record.model.control:
            yield hit(
                record,
                ("control",),
                f"record of {record.model.control} is filed under evidence/{parts[0]}/; "
                f"move it to evidence/{record.model.control}/",
            )


@rule(
    "record-date-mismatch",
    W,
    fails="evidence/AC-01/2026-03-28/record.yaml with `performed: 2026-03-30`",
    passes="evidence/AC-01/2026-03-28/record.yaml with `performed: 2026-03-28`",
)
def record_date_mismatch(ctx: RuleContext) -> Iterator[Hit]:
    """A record's folder date is its `performed` date."""
    for record in ctx.repo.records:
        parts = folder_parts(record.path)
        when = folder_date(parts[1]) if parts else None
        if when is not None and when != record.model.performed:
            yield hit(
                record,
                ("performed",),
                f"performed {record.model.performed}, but the folder is dated {when}",
            )


@rule(
    "date-in-future",
    E,
    fails="`performed: 2026-05-01` (or a policy's `reviewed: 2026-05-01`) validated with "
    "`--as-of 2026-04-01`",
    passes="`performed: 2026-03-28` validated with `--as-of 2026-04-01`",
)
def date_in_future(ctx: RuleContext) -> Iterator[Hit]:
    """A record's `performed` and a review's `reviewed` are not after the as-of date
    (such a record or review counts as none)."""
    for record in ctx.repo.records:
        if record.model.performed > ctx.as_of:
            yield hit(
                record,
                ("performed",),
                f"performed {record.model.performed} is after {ctx.as_of}; it counts as no "
                "execution until that day (fix the date if it is wrong)",
            )
    for policy in ctx.repo.policies.values():
        if policy.model.reviewed is not None and policy.model.reviewed > ctx.as_of:
            yield hit(policy, ("reviewed",), _future("reviewed", policy.model.reviewed, ctx))
    for control in ctx.repo.controls.values():
        inherited = control.model.inherited
        reviewed = inherited.reviewed if inherited is not None else None
        if reviewed is not None and reviewed > ctx.as_of:
            yield hit(control, ("inherited", "reviewed"), _future("reviewed", reviewed, ctx))


def _future(key: str, when: object, ctx: RuleContext) -> str:
    return (
        f"{key} {when} is after {ctx.as_of}; it counts as no review (fix the date if it is wrong)"
    )


def label_problem(label: str, cadence: Cadence | PerPerson) -> str | None:
    """Why ``label`` cannot name a period of ``cadence``, or None when it can.

    Uses the schedule's own label parser and periods, so that validate accepts exactly the
    labels ``due`` and the binder count: a real period that lies inside one period of the
    cadence (a month counts for its quarter; a year never counts for a quarter).
    """
    from soc2flow.domain.cadence import Calendar, Rule, period_containing, schedule_of
    from soc2flow.domain.periods import parse_label

    parsed = parse_label(label)
    if parsed is None:
        return "not a real period; write it like 2026, 2026-H1, 2026-Q1, 2026-03, 2026-W13 or 2026-03-28"
    span = parsed[1]
    schedule = schedule_of(cadence)
    if isinstance(schedule, Calendar | Rule) and not span.within(
        period_containing(schedule, span.start)
    ):
        name = cadence if isinstance(cadence, str) else "rule"
        example = f" such as {_EXAMPLES[name]}" if name in _EXAMPLES else ""
        return f"it spans more than one period of the {name} cadence; name one period{example}"
    return None


@rule(
    "covers-invalid",
    E,
    fails="`covers: 2026-Q5`, or `covers: 2026` on a quarterly control",
    passes="`covers: 2026-Q1` (or the month `2026-03`) on a quarterly control",
)
def covers_invalid(ctx: RuleContext) -> Iterator[Hit]:
    """A record's `covers` names a real period inside one period of its control's cadence."""
    for record in ctx.repo.records:
        control = ctx.repo.controls.get(record.model.control)
        label = record.model.covers
        if control is None or label is None:
            continue
        problem = label_problem(label, control.model.cadence)
        if problem is not None:
            yield hit(record, ("covers",), f"covers '{label}': {problem}")
