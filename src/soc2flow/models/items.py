"""Policies, controls, execution records and exceptions (SPEC §3)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from soc2flow.models.bounds import DayCount
from soc2flow.models.common import (
    Cadence,
    ControlCadence,
    Duration,
    IsoDate,
    ItemId,
    PersonRef,
    Strict,
)

Mappings = dict[str, list[str]]


def _acknowledge_form(value: object) -> object:
    """The version-1 form ``acknowledge: annual`` (any cadence) means audience ``all``."""
    if isinstance(value, str) or (isinstance(value, dict) and "cadence" not in value):
        return {"cadence": value}
    return value


class Acknowledge(Strict):
    """Staff acknowledge a policy, each person on their own (SPEC §7.4)."""

    cadence: Cadence = Field(description="How often everyone in the audience acknowledges.")
    audience: Literal["all"] | list[PersonRef] = Field(
        default="all", description="all, or a list of team ids (members and lead)."
    )
    new_hires_within: Duration | None = Field(
        default=None, description="A joiner acknowledges within this long of joining (P30D)."
    )


class Policy(Strict):
    id: ItemId = Field(description="Unique ID, e.g. POL-ACCESS.")
    title: str = Field(description="The policy's title.")
    owner: PersonRef = Field(
        description="Person or team id (soc2flow.yaml) accountable for the policy."
    )
    approvers: list[PersonRef] = Field(
        default_factory=list, description="Person or team ids who must approve a change."
    )
    criticality: str = Field(
        default="medium", description="Workflow profile name (soc2flow.yaml profiles), e.g. high."
    )
    review: Cadence = Field(default="annual", description="Cadence of the policy review.")
    reviewed: IsoDate | None = Field(
        default=None, description="Date of the last review (YYYY-MM-DD)."
    )
    status: Literal["draft", "active", "retired"] = Field(
        default="active", description="draft, active or retired."
    )
    criteria: list[str] = Field(
        default_factory=list, description="SOC 2 TSC 2017 criteria, e.g. CC6.1."
    )
    mappings: Mappings = Field(
        default_factory=dict,
        description="Other frameworks' IDs by framework, e.g. {nist-csf-2.0: [PR.AA-01]}.",
    )
    acknowledge: Annotated[
        Acknowledge | None,
        BeforeValidator(_acknowledge_form, json_schema_input_type=Cadence | Acknowledge | None),
    ] = Field(
        default=None,
        description="Staff acknowledge the policy: a cadence, or {cadence, audience, new_hires_within}.",
    )
    effective: IsoDate | None = Field(
        default=None,
        description="Day the policy took effect (default: the date of its file's first commit).",
    )


class EvidenceRequirement(Strict):
    id: str = Field(description="Evidence id that execution records refer to.")
    description: str = Field(default="", description="What the evidence shows.")


class Inherited(Strict):
    vendor: ItemId | None = Field(
        default=None, description="ID of the vendor (vendors/) performing part of the control."
    )
    provider: str | None = Field(
        default=None, description="The third party performing part of the control."
    )
    method: Literal["carve-out", "inclusive"] | None = Field(
        default=None, description="carve-out or inclusive (default: the vendor's subservice)."
    )
    report: str | None = Field(
        default=None, description="Repository path of the provider's report."
    )
    review: Cadence = Field(default="annual", description="Cadence of the reliance review.")
    reviewed: IsoDate | None = Field(
        default=None, description="When the provider's report was last reviewed."
    )
    cuecs: list[str] = Field(
        default_factory=list, description="Complementary user-entity controls."
    )

    @model_validator(mode="after")
    def _provider_or_vendor(self) -> Inherited:
        if self.vendor is None and (self.provider is None or self.method is None):
            raise ValueError("inherited names a 'vendor', or a 'provider' and its 'method'")
        return self


class Control(Strict):
    id: ItemId = Field(description="Unique ID, e.g. AC-01.")
    title: str = Field(description="The control's title.")
    description: str = Field(default="", description="What the owner does.")
    policy: ItemId | None = Field(
        default=None, description="ID of the policy the control implements."
    )
    owner: PersonRef = Field(description="Person or team id who performs the control.")
    backup: PersonRef | None = Field(default=None, description="Second owner.")
    approvers: list[PersonRef] = Field(
        default_factory=list, description="Person or team ids who must approve a change."
    )
    criticality: str = Field(
        default="medium", description="Workflow profile name (soc2flow.yaml profiles)."
    )
    cadence: ControlCadence = Field(
        description="daily, weekly, monthly, quarterly, semiannual, annual, on-change, continuous, {every: P90D}, {rrule: ...} or {per: joiner|leaver, within: P5D}."
    )
    grace_days: DayCount | None = Field(
        default=None,
        ge=0,
        description="Days after the period's end before an execution is overdue (overrides the profile).",
    )
    evidence: list[EvidenceRequirement] = Field(
        default_factory=list, description="What each execution must attach."
    )
    criteria: list[str] = Field(
        default_factory=list, description="SOC 2 TSC 2017 criteria, e.g. CC6.1."
    )
    mappings: Mappings = Field(
        default_factory=dict,
        description="Other frameworks' IDs by framework, e.g. {nist-csf-2.0: [PR.AA-05]}.",
    )
    escalation: list[PersonRef] = Field(
        default_factory=list, description="Who hears when an execution is overdue, in order."
    )
    inherited: Inherited | None = Field(
        default=None, description="A third party performs part of the control."
    )
    effective: IsoDate | None = Field(
        default=None,
        description="Day the control began operating (default: its file's first commit date).",
    )


class RecordFile(Strict):
    path: str = Field(description="File path relative to the record's folder.")
    evidence: str = Field(description="One of the control's evidence ids.")
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the file (64 hex digits)."
    )


class Record(Strict):
    control: ItemId = Field(description="ID of the control executed.")
    performed: IsoDate = Field(description="Date of the execution.")
    performed_by: PersonRef = Field(description="Person id who performed it.")
    covers: str | None = Field(
        default=None,
        description="Cadence period satisfied: 2026, 2026-H1, 2026-Q1, 2026-03, 2026-W13 or a date.",
    )
    result: Literal["pass", "fail", "partial"] = Field(description="pass, fail or partial.")
    files: list[RecordFile] = Field(
        default_factory=list, description="Evidence files beside record.yaml, with their hashes."
    )
    notes: str = Field(default="", description="Free text.")
    subject: PersonRef | list[PersonRef] | None = Field(
        default=None,
        description="Per-person controls: the person (or people) this execution covers.",
    )
    people: list[PersonRef] | None = Field(
        default=None, description="Policy acknowledgements: the people who acknowledged."
    )

    @property
    def subjects(self) -> tuple[str, ...]:
        """``subject`` as a tuple (empty when absent)."""
        if self.subject is None:
            return ()
        return (self.subject,) if isinstance(self.subject, str) else tuple(self.subject)

    @field_validator("covers", mode="before")
    @classmethod
    def _year_as_number(cls, value: object) -> object:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value


class ExceptionItem(Strict):
    id: ItemId = Field(description="Unique ID, e.g. EXC-2026-003.")
    kind: Literal["risk-acceptance", "deviation", "emergency-change"] = Field(
        description="risk-acceptance, deviation or emergency-change."
    )
    control: ItemId | None = Field(
        default=None, description="ID of the control excepted (or policy)."
    )
    policy: ItemId | None = Field(
        default=None, description="ID of the policy excepted (or control)."
    )
    vendor: ItemId | None = Field(
        default=None, description="ID of the vendor excepted (instead of control or policy)."
    )
    reason: str = Field(description="Why the exception is needed.")
    risk: Literal["low", "medium", "high"] = Field(
        description="low, medium or high (also picks the workflow profile)."
    )
    compensating: list[ItemId] = Field(
        default_factory=list, description="IDs of controls that compensate."
    )
    owner: PersonRef = Field(description="Person or team id accountable.")
    approvers: list[PersonRef] = Field(
        default_factory=list, description="Person or team ids who must approve."
    )
    opened: IsoDate = Field(description="Date opened.")
    expires: IsoDate = Field(description="Last day the exception is valid.")
    retrospective_approval_days: DayCount | None = Field(
        default=None,
        ge=0,
        description="Emergency changes: approval owed this many days after opened.",
    )
    changes: list[str] = Field(
        default_factory=list,
        description="Emergency changes: the commits or pull requests ('<owner>/<repo>#<N>') "
        "made under this exception; `soc2flow changes` flags them.",
    )

    @model_validator(mode="after")
    def _one_subject(self) -> ExceptionItem:
        named = [k for k in ("control", "policy", "vendor") if getattr(self, k) is not None]
        if len(named) != 1:
            raise ValueError("an exception names exactly one of 'control', 'policy' or 'vendor'")
        return self
