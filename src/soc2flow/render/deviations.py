"""The Deviations section: everything that went wrong in the period (SPEC §7.2).

Each deviation names its owner (a control's owner for its periods and records), the date
it happened, the rule it breaks and the place in the binder that shows it. Severity
puts unapproved policies and missed executions first.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from soc2flow.render.model import (
    ControlView,
    Deviation,
    ExceptionView,
    Execution,
    PolicyView,
    VersionView,
)

# Rank of each rule, most severe first: unapproved policies and missed executions
# share the first rank (ordered by date between them).
RANKS = {
    "policy-unapproved": 0,
    "missed": 0,
    "result-fail": 2,
    "version-unapproved": 3,
    "evidence-mismatch": 3,
    "evidence-invalid": 3,
    "exception-expired": 4,
    "retro-approval-late": 4,
    "late": 5,
    "result-partial": 6,
    "evidence-missing": 6,
    "evidence-recorded-late": 7,
}
ATTENTION = 10


def _dev(rule: str, item: str, owner: str, day: str, text: str, anchor: str) -> Deviation:
    return Deviation(RANKS[rule], rule, item, owner, day, text, anchor)


def deviations(
    policies: Sequence[PolicyView],
    controls: Sequence[ControlView],
    exceptions: Sequence[ExceptionView],
    as_of: str,
    end: str,
) -> tuple[Deviation, ...]:
    """Every deviation of the period (ending ``end``), sorted by severity, date and item."""
    found = [*_policies(policies), *_exceptions(exceptions, min(as_of, end))]
    for control in controls:
        found.extend(_control(control))
    return tuple(sorted(found, key=lambda d: (d.rank, d.date, d.item, d.rule, d.text)))


def _unapproved(
    rule: str, item: str, owner: str, versions: Sequence[VersionView], anchor: str
) -> Iterator[Deviation]:
    """One deviation per item: how many of its versions in the period are not approved."""
    found = [v for v in versions if v.in_period and not v.approved]
    if not found:
        return
    newest = found[0]
    what = "version" if len(found) == 1 else "versions"
    text = f"{len(found)} {what} not approved, newest {newest.commit[:12]}"
    if newest.findings:
        text += f" ({', '.join(newest.findings)})"
    yield _dev(rule, item, owner, newest.date, text, anchor)


def _policies(policies: Sequence[PolicyView]) -> Iterator[Deviation]:
    for p in policies:
        yield from _unapproved("policy-unapproved", p.id, p.owner, p.versions, f"policy-{p.id}")


def _control(c: ControlView) -> Iterator[Deviation]:
    anchor = f"control-{c.id}"
    for row in c.expected:
        if row.status in ("missed", "late", "partial"):
            rule = "result-partial" if row.status == "partial" else row.status
            day = row.execution.performed if row.execution and row.status != "missed" else row.due
            text = f"{row.period}, due {row.due}"
            yield _dev(rule, c.id, c.owner, day, text, anchor)
        for a in row.attempts:
            if a.invalid:  # broken evidence proves nothing (SPEC §7.6)
                text = f"{row.period}: evidence invalid ({a.invalid}): {a.path}"
                yield _dev("evidence-invalid", c.id, c.owner, a.performed, text, anchor)
    for run in c.executions:
        yield from _run(c, run, anchor)
    yield from _unapproved("version-unapproved", c.id, c.owner, c.versions, anchor)


def _run(c: ControlView, run: Execution, anchor: str) -> Iterator[Deviation]:
    where = run.path.rsplit("/", 1)[0]
    if run.result == "fail":
        yield _dev("result-fail", c.id, c.owner, run.performed, f"{where}: result fail", anchor)
    attached = {f.evidence for f in run.files}
    missing = [eid for eid, _ in c.evidence if eid not in attached]
    if missing and run.result != "fail":
        text = f"{where}: evidence missing ({', '.join(missing)})"
        yield _dev("evidence-missing", c.id, c.owner, run.performed, text, anchor)
    for ref in run.files:
        if not ref.matches:
            text = f"{ref.path} does not match its record"
            yield _dev("evidence-mismatch", c.id, c.owner, run.performed, text, anchor)
    if run.label == "recorded-late":
        text = f"{where}: performed {run.performed}, recorded {run.recorded_date} ({run.lag_days} days)"
        yield _dev("evidence-recorded-late", c.id, c.owner, run.recorded_date, text, anchor)


def _exceptions(exceptions: Sequence[ExceptionView], until: str) -> Iterator[Deviation]:
    for x in exceptions:
        anchor = f"exception-{x.id}"
        if x.expires < until:
            text = f"expired {x.expires}"
            yield _dev("exception-expired", x.id, x.owner, x.expires, text, anchor)
        if x.retro_due and not x.retro_in_time and x.retro_status != "not approved yet":
            text = f"retrospective approval due {x.retro_due}: {x.retro_status}"
            yield _dev("retro-approval-late", x.id, x.owner, x.retro_due, text, anchor)
        # An emergency change lands before it is approved: the retrospective approval
        # rule above is the deviation of the versions before its approval.
        versions = x.versions
        if x.kind == "emergency-change" and x.retro_due:
            approved = [i for i, v in enumerate(versions) if v.approved]
            versions = versions[: approved[-1]] if approved else ()
        yield from _unapproved("version-unapproved", x.id, x.owner, versions, anchor)
