"""Criteria and mapping IDs: known to the framework catalogues enabled in soc2flow.yaml."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from soc2flow.catalog import FRAMEWORKS, load_catalog
from soc2flow.diagnostics import Severity
from soc2flow.loading import Entry
from soc2flow.rules.base import Hit, RuleContext, hit, rule

E, W = Severity.ERROR, Severity.WARNING
SOC2 = "soc2-tsc-2017"


def _claims(ctx: RuleContext) -> Iterator[tuple[Entry[Any], tuple[str | int, ...], str, str]]:
    """(entry, key path, framework, criterion id) for every criterion an item names."""
    for table in (ctx.repo.policies, ctx.repo.controls):
        for entry in table.values():
            for index, cid in enumerate(entry.model.criteria):
                yield entry, ("criteria", index), SOC2, cid
            for framework, ids in entry.model.mappings.items():
                for index, cid in enumerate(ids):
                    yield entry, ("mappings", framework, index), framework, cid
    for risk in ctx.repo.risks.values():
        for index, cid in enumerate(risk.model.criteria):
            yield risk, ("criteria", index), SOC2, cid


@rule(
    "criterion-unknown",
    E,
    fails="`criteria: [CC6.9]` or `mappings: {nist-csf-2.0: [PR.AA-99]}`",
    passes="`criteria: [CC6.1]`, `mappings: {nist-csf-2.0: [PR.AA-01]}`",
)
def criterion_unknown(ctx: RuleContext) -> Iterator[Hit]:
    """Criteria and mapping IDs exist in their framework's catalogue."""
    enabled = set(ctx.frameworks())
    for entry, keys, framework, cid in _claims(ctx):
        if framework in enabled and load_catalog(framework).lookup(cid) is None:
            yield hit(entry, keys, f"'{cid}' is not a criterion of {framework}")


@rule(
    "criterion-withdrawn",
    E,
    fails="`mappings: {nist-csf-2.0: [PR.IP-1]}` (a CSF 1.1 ID withdrawn in 2.0)",
    passes="`mappings: {nist-csf-2.0: [PR.PS-01]}`",
)
def criterion_withdrawn(ctx: RuleContext) -> Iterator[Hit]:
    """Mapping IDs are current, not withdrawn (the finding names the replacement)."""
    enabled = set(ctx.frameworks())
    for entry, keys, framework, cid in _claims(ctx):
        if framework not in enabled:
            continue
        found = load_catalog(framework).lookup(cid)
        if found is not None and found.withdrawn:
            instead = ", ".join(found.replaced_by)
            advice = f"; use {instead}" if instead else "; it has no replacement"
            yield hit(entry, keys, f"'{cid}' was withdrawn from {framework}{advice}")


@rule(
    "framework-unknown",
    E,
    fails="`mappings: {iso-27001: [A.5.1]}`",
    passes="`mappings: {nist-csf-2.0: [GV.PO-01]}`",
)
def framework_unknown(ctx: RuleContext) -> Iterator[Hit]:
    """Mapping keys are frameworks soc2flow knows."""
    known = ", ".join(FRAMEWORKS)
    for table in (ctx.repo.policies, ctx.repo.controls):
        for entry in table.values():
            for framework in entry.model.mappings:
                if framework not in FRAMEWORKS:
                    yield hit(
                        entry, ("mappings", framework), f"unknown framework '{framework}' ({known})"
                    )


@rule(
    "framework-disabled",
    W,
    fails="`mappings: {nist-csf-2.0: [...]}` while soc2flow.yaml lists `frameworks: [soc2-tsc-2017]`",
    passes="`frameworks: [soc2-tsc-2017, nist-csf-2.0]` in soc2flow.yaml",
)
def framework_disabled(ctx: RuleContext) -> Iterator[Hit]:
    """Mappings name frameworks enabled in soc2flow.yaml (others are not checked)."""
    if ctx.config is None:
        return
    enabled = set(ctx.frameworks())
    for table in (ctx.repo.policies, ctx.repo.controls):
        for entry in table.values():
            claimed: list[tuple[tuple[str, ...], str]] = [
                (("mappings", f), f) for f in entry.model.mappings
            ]
            if entry.model.criteria:
                claimed.insert(0, (("criteria",), SOC2))
            for keys, framework in claimed:
                if framework in FRAMEWORKS and framework not in enabled:
                    yield hit(
                        entry,
                        keys,
                        f"{framework} is not in soc2flow.yaml frameworks; add it to check these IDs",
                    )
