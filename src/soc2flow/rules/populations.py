"""Per-person controls and acknowledgements (SPEC §7.4): who a record covers."""

from __future__ import annotations

from collections.abc import Iterator

from soc2flow.diagnostics import Severity
from soc2flow.models import PerPerson
from soc2flow.rules.base import Hit, RuleContext, hit, rule


@rule(
    "subject-unexpected",
    Severity.ERROR,
    fails="`subject: dmitri` in a record of a quarterly control",
    passes="`subject: dmitri` in a record of a control with `cadence: {per: leaver, within: P1D}`",
)
def subject_unexpected(ctx: RuleContext) -> Iterator[Hit]:
    """`subject:` appears only on records of per-person controls, and names known people."""
    for record in ctx.repo.records:
        if record.model.subject is None:
            continue
        control = ctx.repo.controls.get(record.model.control)
        if control is None:
            continue  # a policy's acknowledgement or an unknown control: reported elsewhere
        if not isinstance(control.model.cadence, PerPerson):
            yield hit(
                record,
                ("subject",),
                f"{control.model.id} is not a per-person control; `subject:` belongs to "
                "controls with `cadence: {per: joiner|leaver, within: …}`",
            )
            continue
        for index, who in enumerate(record.model.subjects):
            if ctx.config is not None and who not in ctx.people:
                keys: tuple[str | int, ...] = (
                    ("subject", index) if isinstance(record.model.subject, list) else ("subject",)
                )
                yield hit(record, keys, f"subject '{who}' is not a person in soc2flow.yaml")
