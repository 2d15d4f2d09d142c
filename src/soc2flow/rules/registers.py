"""The vendor and risk registers (SPEC §7.3): reports, CUECs, scores and acceptances."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from soc2flow.diagnostics import Severity
from soc2flow.domain.registers import opinion_problem
from soc2flow.loading import Entry
from soc2flow.models import Vendor
from soc2flow.rules.base import Hit, RuleContext, hit, rule, safe_relative

E, W = Severity.ERROR, Severity.WARNING


def vendor_files(
    entry: Entry[Vendor],
) -> Iterator[tuple[tuple[str | int, ...], str, str | None]]:
    """(key path of the file, repo path, recorded sha256) of every report and bridge letter."""
    for index, report in enumerate(entry.model.reports):
        if report.file is not None:
            yield ("reports", index, "file"), report.file, report.sha256
        bridge = report.bridge_letter
        if bridge is not None and bridge.file is not None:
            yield ("reports", index, "bridge_letter", "file"), bridge.file, bridge.sha256


def _open_exception(ctx: RuleContext, item_id: str | None, **wanted: str) -> bool:
    """Whether ``item_id`` names an exception not expired at as-of (with ``wanted`` fields)."""
    entry = ctx.repo.exceptions.get(item_id or "")
    if entry is None or entry.model.expires < ctx.as_of:
        return False
    return all(getattr(entry.model, key) == value for key, value in wanted.items())


@rule(
    "cuec-unanswered",
    W,
    fails="`cuecs: [{text: The customer restricts console access.}]` with no `controls`",
    passes="`cuecs: [{text: The customer restricts console access., controls: [AC-04]}]`",
)
def cuec_unanswered(ctx: RuleContext) -> Iterator[Hit]:
    """Every complementary user-entity control of a vendor names the controls that answer it."""
    for vendor in ctx.repo.vendors.values():
        for index, cuec in enumerate(vendor.model.cuecs):
            if not cuec.controls:
                yield hit(
                    vendor,
                    ("cuecs", index),
                    f"no control answers the CUEC '{cuec.text}'; list the controls under "
                    "'controls'",
                )


@rule(
    "vendor-opinion",
    W,
    fails="the newest report has `opinion: qualified` or `exceptions: 2`, no exception names "
    "the vendor",
    passes="`opinion: unqualified`, `exceptions: 0`, or an open exception with `vendor: VEN-…`",
)
def vendor_opinion(ctx: RuleContext) -> Iterator[Hit]:
    """The newest report's opinion is unqualified with no exceptions, or an exception covers it."""
    named = {
        e.model.vendor
        for e in ctx.repo.exceptions.values()
        if e.model.vendor is not None and e.model.expires >= ctx.as_of
    }
    for vendor in ctx.repo.vendors.values():
        problem = opinion_problem(vendor.model)
        if problem is None or vendor.model.id in named:
            continue
        index = _newest_index(vendor.model)
        yield hit(
            vendor,
            ("reports", index),
            f"{problem}; assess it and record an exception with 'vendor: {vendor.model.id}'",
        )


def _newest_index(vendor: Vendor) -> int:
    best = 0
    for index, report in enumerate(vendor.reports):
        if report.period.end > vendor.reports[best].period.end:
            best = index
    return best


@rule(
    "vendor-file-missing",
    E,
    fails="`file: evidence/vendors/nimbus-soc2.pdf` and no such file",
    passes="the report committed at that path (`soc2flow vendor report` files it)",
)
def vendor_file_missing(ctx: RuleContext) -> Iterator[Hit]:
    """Every report and bridge-letter file a vendor lists exists inside the repository."""
    for vendor in ctx.repo.vendors.values():
        for keys, path, _ in vendor_files(vendor):
            if not safe_relative(path):
                yield hit(vendor, keys, f"'{path}' must be a relative path inside the repository")
            elif not ctx.source.exists(path) or not ctx.source.inside(path):
                yield hit(vendor, keys, f"vendor file '{path}' does not exist in the repository")


@rule(
    "vendor-hash-mismatch",
    E,
    fails="`sha256: 3a7bd3…` while the report's sha256 is 5d41… (the file was changed)",
    passes="the sha256 `soc2flow vendor report` recorded, file unchanged",
)
def vendor_hash_mismatch(ctx: RuleContext) -> Iterator[Hit]:
    """Each report and bridge letter still has the sha256 the vendor file states."""
    for vendor in ctx.repo.vendors.values():
        for keys, path, recorded in vendor_files(vendor):
            if recorded is None or not safe_relative(path):
                continue
            if not ctx.source.exists(path) or not ctx.source.inside(path):
                continue
            actual = hashlib.sha256(ctx.source.read(path)).hexdigest()
            if actual != recorded:
                yield hit(
                    vendor,
                    (*keys[:-1], "sha256"),
                    f"'{path}' no longer matches its recorded sha256 ({actual[:12]}… now); "
                    "a changed report is tampering: file the new one with soc2flow vendor report",
                )


@rule(
    "risk-residual-above-inherent",
    E,
    fails="`likelihood: 2`, `impact: 3` and `residual: {likelihood: 3, impact: 3}`",
    passes="`residual: {likelihood: 2, impact: 2}` (treatment lowers the score, or keeps it)",
)
def risk_residual_above_inherent(ctx: RuleContext) -> Iterator[Hit]:
    """A risk's residual score is not above its inherent score."""
    for risk in ctx.repo.risks.values():
        model = risk.model
        if model.residual_score > model.inherent_score:
            yield hit(
                risk,
                ("residual",),
                f"residual score {model.residual_score} is above the inherent score "
                f"{model.inherent_score}; treatment cannot raise a risk",
            )


@rule(
    "risk-acceptance-invalid",
    E,
    fails="`treatment: accept` with no `acceptance`, or `acceptance: EXC-1` of kind deviation",
    passes="`acceptance: EXC-2026-004`, an exception of kind risk-acceptance",
)
def risk_acceptance_invalid(ctx: RuleContext) -> Iterator[Hit]:
    """An accepted risk names its acceptance; an acceptance is a risk-acceptance exception."""
    for risk in ctx.repo.risks.values():
        model = risk.model
        if model.acceptance is None:
            if model.treatment == "accept":
                yield hit(
                    risk,
                    ("treatment",),
                    "an accepted risk names its risk-acceptance exception under 'acceptance'",
                )
            continue
        found = ctx.repo.exceptions.get(model.acceptance)
        if found is not None and found.model.kind != "risk-acceptance":
            yield hit(
                risk,
                ("acceptance",),
                f"'{model.acceptance}' is of kind {found.model.kind}; name a risk-acceptance exception",
            )
        elif found is None and model.acceptance in _other_items(ctx):
            yield hit(risk, ("acceptance",), f"'{model.acceptance}' is not an exception")


def _other_items(ctx: RuleContext) -> set[str]:
    repo = ctx.repo
    return {*repo.policies, *repo.controls, *repo.vendors, *repo.risks}


@rule(
    "risk-above-appetite",
    W,
    fails="`risk_appetite: 9` and a residual score of 12 with no open risk-acceptance",
    passes="a residual score of 8, or `acceptance:` naming an open risk-acceptance exception",
)
def risk_above_appetite(ctx: RuleContext) -> Iterator[Hit]:
    """A residual score above `risk_appetite` is accepted by an open risk-acceptance exception."""
    config = ctx.config
    if config is None or config.risk_appetite is None:
        return
    for risk in ctx.repo.risks.values():
        model: Any = risk.model
        if model.residual_score <= config.risk_appetite:
            continue
        if _open_exception(ctx, model.acceptance, kind="risk-acceptance"):
            continue
        keys = ("residual",) if model.residual is not None else ("likelihood",)
        yield hit(
            risk,
            keys,
            f"residual score {model.residual_score} is above the risk appetite "
            f"{config.risk_appetite}; treat it further or accept it with an open "
            "risk-acceptance exception under 'acceptance'",
        )


@rule(
    "inherited-method-missing",
    E,
    fails="`inherited: {vendor: VEN-MAIL}` where VEN-MAIL has `subservice: none`",
    passes="`inherited: {vendor: VEN-MAIL, method: carve-out}`, or a carve-out vendor",
)
def inherited_method_missing(ctx: RuleContext) -> Iterator[Hit]:
    """An inherited control has a method: its own, else its vendor's subservice method."""
    for control in ctx.repo.controls.values():
        inherited = control.model.inherited
        if inherited is None or inherited.vendor is None or inherited.method is not None:
            continue
        vendor = ctx.repo.vendors.get(inherited.vendor)
        if vendor is not None and vendor.model.subservice == "none":
            yield hit(
                control,
                ("inherited", "vendor"),
                f"vendor '{inherited.vendor}' has 'subservice: none'; "
                "give the control's 'method' (carve-out or inclusive)",
            )
