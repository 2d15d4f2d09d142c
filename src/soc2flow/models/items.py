"""Policies, controls, execution records and exceptions (SPEC §3)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from soc2flow.models.common import Cadence, IsoDate, ItemId, PersonRef, Strict

Mappings = dict[str, list[str]]


class Policy(Strict):
    id: ItemId
    title: str
    owner: PersonRef
    approvers: list[PersonRef] = Field(default_factory=list)
    criticality: str = "medium"
    review: Cadence = "annual"
    reviewed: IsoDate | None = None
    status: Literal["draft", "active", "retired"] = "active"
    criteria: list[str] = Field(default_factory=list)
    mappings: Mappings = Field(default_factory=dict)
    acknowledge: Cadence | None = None


class EvidenceRequirement(Strict):
    id: str
    description: str = ""


class Inherited(Strict):
    provider: str
    method: Literal["carve-out", "inclusive"]
    report: str | None = None
    review: Cadence = "annual"
    reviewed: IsoDate | None = None
    cuecs: list[str] = Field(default_factory=list)


class Control(Strict):
    id: ItemId
    title: str
    description: str = ""
    policy: ItemId | None = None
    owner: PersonRef
    backup: PersonRef | None = None
    approvers: list[PersonRef] = Field(default_factory=list)
    criticality: str = "medium"
    cadence: Cadence
    grace_days: int | None = Field(default=None, ge=0)
    evidence: list[EvidenceRequirement] = Field(default_factory=list)
    criteria: list[str] = Field(default_factory=list)
    mappings: Mappings = Field(default_factory=dict)
    escalation: list[PersonRef] = Field(default_factory=list)
    inherited: Inherited | None = None


class RecordFile(Strict):
    path: str
    evidence: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Record(Strict):
    control: ItemId
    performed: IsoDate
    performed_by: PersonRef
    covers: str | None = None
    result: Literal["pass", "fail", "partial"]
    files: list[RecordFile] = Field(default_factory=list)
    notes: str = ""

    @field_validator("covers", mode="before")
    @classmethod
    def _year_as_number(cls, value: object) -> object:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value


class ExceptionItem(Strict):
    id: ItemId
    kind: Literal["risk-acceptance", "deviation", "emergency-change"]
    control: ItemId | None = None
    policy: ItemId | None = None
    reason: str
    risk: Literal["low", "medium", "high"]
    compensating: list[ItemId] = Field(default_factory=list)
    owner: PersonRef
    approvers: list[PersonRef] = Field(default_factory=list)
    opened: IsoDate
    expires: IsoDate
    retrospective_approval_days: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_subject(self) -> ExceptionItem:
        if (self.control is None) == (self.policy is None):
            raise ValueError("an exception names exactly one of 'control' or 'policy'")
        return self
