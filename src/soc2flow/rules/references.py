"""References between items: control -> policy, record -> control, exception -> subject."""

from __future__ import annotations

from collections.abc import Iterator

from soc2flow.diagnostics import Severity
from soc2flow.rules.base import Hit, RuleContext, hit, rule, safe_relative

E, W = Severity.ERROR, Severity.WARNING


@rule(
    "reference-unknown",
    E,
    fails="`policy: POL-ACESS` (no such policy), `compensating: [AC-99]`",
    passes="`policy: POL-ACCESS` (policies/access.md has that id)",
)
def reference_unknown(ctx: RuleContext) -> Iterator[Hit]:
    """Every policy and control ID an item names exists."""
    repo = ctx.repo
    for control in repo.controls.values():
        policy = control.model.policy
        if policy is not None and not repo.has(policy):
            yield hit(control, ("policy",), f"policy '{policy}' does not exist")
    for record in repo.records:
        if not repo.has(record.model.control):
            yield hit(record, ("control",), f"control '{record.model.control}' does not exist")
    for exc in repo.exceptions.values():
        model = exc.model
        if model.control is not None and not repo.has(model.control):
            yield hit(exc, ("control",), f"control '{model.control}' does not exist")
        if model.policy is not None and not repo.has(model.policy):
            yield hit(exc, ("policy",), f"policy '{model.policy}' does not exist")
        if model.vendor is not None and not repo.has(model.vendor):
            yield hit(exc, ("vendor",), f"vendor '{model.vendor}' does not exist")
        for index, ref in enumerate(model.compensating):
            if not repo.has(ref):
                yield hit(
                    exc, ("compensating", index), f"compensating control '{ref}' does not exist"
                )
    yield from register_references(ctx)


def register_references(ctx: RuleContext) -> Iterator[Hit]:
    """References into and out of the vendor and risk registers."""
    repo = ctx.repo
    for control in repo.controls.values():
        named = control.model.inherited.vendor if control.model.inherited else None
        if named is not None and not repo.has(named):
            yield hit(control, ("inherited", "vendor"), f"vendor '{named}' does not exist")
    for vendor in repo.vendors.values():
        for number, cuec in enumerate(vendor.model.cuecs):
            for index, ref in enumerate(cuec.controls):
                if not repo.has(ref):
                    yield hit(
                        vendor,
                        ("cuecs", number, "controls", index),
                        f"control '{ref}' does not exist",
                    )
    for risk in repo.risks.values():
        for index, ref in enumerate(risk.model.controls):
            if not repo.has(ref):
                yield hit(risk, ("controls", index), f"control '{ref}' does not exist")
        acceptance = risk.model.acceptance
        if acceptance is not None and not repo.has(acceptance):
            yield hit(risk, ("acceptance",), f"exception '{acceptance}' does not exist")


@rule(
    "compensating-self",
    E,
    fails="an exception for AC-01 with `compensating: [AC-01]`",
    passes="an exception for AC-01 with `compensating: [AC-07]`",
)
def compensating_self(ctx: RuleContext) -> Iterator[Hit]:
    """An exception's compensating controls are not the control it excepts."""
    for exc in ctx.repo.exceptions.values():
        for index, ref in enumerate(exc.model.compensating):
            if ref == exc.model.control:
                yield hit(
                    exc,
                    ("compensating", index),
                    f"'{ref}' is the control this exception is for; it cannot compensate itself",
                )


@rule(
    "policy-retired",
    W,
    fails="a control with `policy: POL-OLD` where POL-OLD has `status: retired`",
    passes="a control whose policy is active",
)
def policy_retired(ctx: RuleContext) -> Iterator[Hit]:
    """Controls implement a policy that is not retired."""
    for control in ctx.repo.controls.values():
        policy = ctx.repo.policies.get(control.model.policy or "")
        if policy is not None and policy.model.status == "retired":
            yield hit(
                control,
                ("policy",),
                f"policy '{policy.model.id}' is retired; move the control to a live policy",
            )


@rule(
    "evidence-unknown",
    E,
    fails="a record file with `evidence: export` when the control lists only `review-export`",
    passes="`evidence: review-export`, an id in the control's `evidence:` list",
)
def evidence_unknown(ctx: RuleContext) -> Iterator[Hit]:
    """Each record file's `evidence:` id is one of its control's evidence ids."""
    for record in ctx.repo.records:
        control = ctx.repo.controls.get(record.model.control)
        if control is None:
            continue
        wanted = [e.id for e in control.model.evidence]
        for index, item in enumerate(record.model.files):
            if item.evidence not in wanted:
                choices = ", ".join(wanted) or "none declared"
                yield hit(
                    record,
                    ("files", index, "evidence"),
                    f"evidence '{item.evidence}' is not one of {control.model.id}'s ({choices})",
                )


@rule(
    "evidence-id-duplicate",
    E,
    fails="a control listing `{id: sign-off}` twice under `evidence:`",
    passes="distinct evidence ids",
)
def evidence_id_duplicate(ctx: RuleContext) -> Iterator[Hit]:
    """A control's evidence ids are unique."""
    for control in ctx.repo.controls.values():
        seen: set[str] = set()
        for index, item in enumerate(control.model.evidence):
            if item.id in seen:
                yield hit(
                    control, ("evidence", index, "id"), f"evidence id '{item.id}' is listed twice"
                )
            seen.add(item.id)


@rule(
    "profile-unknown",
    E,
    fails="`criticality: critical` when soc2flow.yaml defines high, medium, low",
    passes="`criticality: high`",
)
def profile_unknown(ctx: RuleContext) -> Iterator[Hit]:
    """An item's criticality (exceptions: risk) names a profile in soc2flow.yaml."""
    config = ctx.config
    if config is None:
        return
    names = ", ".join(config.profiles)
    for table, key in (
        ("policies", "criticality"),
        ("controls", "criticality"),
        ("exceptions", "risk"),
        ("risks", "criticality"),
    ):
        for entry in getattr(ctx.repo, table).values():
            value = getattr(entry.model, key)
            if value not in config.profiles:
                yield hit(entry, (key,), f"{key} '{value}' is not a profile ({names})")


@rule(
    "report-missing",
    E,
    fails="`inherited: {report: evidence/vendors/cloud.pdf}` and no such file",
    passes="the report file committed at that path",
)
def report_missing(ctx: RuleContext) -> Iterator[Hit]:
    """An inherited control's provider report exists in the repository."""
    for control in ctx.repo.controls.values():
        inherited = control.model.inherited
        if inherited is None or inherited.report is None:
            continue
        report = inherited.report
        if not safe_relative(report):
            yield hit(
                control,
                ("inherited", "report"),
                f"report '{report}' must be a relative path inside the repository",
            )
        elif not ctx.source.exists(report):
            yield hit(control, ("inherited", "report"), f"report '{report}' does not exist")
