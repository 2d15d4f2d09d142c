"""The vendor register and the risk register (SPEC §7.3)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from soc2flow.models.common import Cadence, IsoDate, ItemId, PersonRef, Strict
from soc2flow.models.config import Period

ReportType = Literal["soc2-type1", "soc2-type2", "soc1-type2", "iso27001", "pentest", "other"]
COVERING_TYPES: frozenset[str] = frozenset({"soc2-type2", "soc1-type2", "iso27001"})
"""Only these report types cover days of the audit period; the others are shown only."""
Opinion = Literal["unqualified", "qualified", "adverse", "disclaimer"]
TIER_PROFILES: dict[int, str] = {1: "high", 2: "medium", 3: "low"}
SHA256 = r"^[0-9a-f]{64}$"


class BridgeLetter(Strict):
    covers_to: IsoDate = Field(description="Last day the bridge (gap) letter vouches for.")
    file: str | None = Field(default=None, description="Repository path of the letter.")
    sha256: str | None = Field(
        default=None, pattern=SHA256, description="SHA-256 of the letter (64 hex digits)."
    )


class VendorReport(Strict):
    type: ReportType = Field(
        description="soc2-type1, soc2-type2, soc1-type2, iso27001, pentest or other."
    )
    period: Period = Field(description="The period the report covers.")
    opinion: Opinion | None = Field(
        default=None, description="unqualified, qualified, adverse or disclaimer."
    )
    exceptions: int = Field(default=0, ge=0, description="Deviations the vendor's auditor found.")
    file: str | None = Field(default=None, description="Repository path of the report.")
    sha256: str | None = Field(
        default=None, pattern=SHA256, description="SHA-256 of the report (64 hex digits)."
    )
    bridge_letter: BridgeLetter | None = Field(
        default=None, description="A bridge letter extending the report's period."
    )


class Cuec(Strict):
    text: str = Field(description="The complementary user-entity control the vendor expects.")
    controls: list[ItemId] = Field(
        default_factory=list, description="IDs of the controls that answer it."
    )


class Vendor(Strict):
    id: ItemId = Field(description="Unique ID, e.g. VEN-NIMBUS.")
    name: str = Field(description="The vendor's name.")
    owner: PersonRef = Field(description="Person or team id accountable for the vendor.")
    approvers: list[PersonRef] = Field(
        default_factory=list, description="Person or team ids who must approve a change."
    )
    tier: Literal[1, 2, 3] = Field(description="1, 2 or 3: picks the profile high, medium, low.")
    services: str = Field(default="", description="What the vendor provides.")
    subservice: Literal["carve-out", "inclusive", "none"] = Field(
        default="none", description="Subservice organisation method: carve-out, inclusive, none."
    )
    review: Cadence = Field(default="annual", description="Cadence of the vendor review.")
    reviewed: IsoDate | None = Field(
        default=None, description="Date of the last vendor review (YYYY-MM-DD)."
    )
    reports: list[VendorReport] = Field(
        default_factory=list, description="The vendor's assurance reports, with their hashes."
    )
    cuecs: list[Cuec] = Field(
        default_factory=list, description="Complementary user-entity controls and their answers."
    )

    @property
    def criticality(self) -> str:
        """The workflow profile of the vendor's tier."""
        return TIER_PROFILES[self.tier]


class Score(Strict):
    likelihood: int = Field(ge=1, le=5, description="1..5")
    impact: int = Field(ge=1, le=5, description="1..5")


class Risk(Strict):
    id: ItemId = Field(description="Unique ID, e.g. RISK-007.")
    title: str = Field(description="The risk, in one sentence.")
    owner: PersonRef = Field(description="Person or team id accountable for the risk.")
    approvers: list[PersonRef] = Field(
        default_factory=list, description="Person or team ids who must approve a change."
    )
    criticality: str = Field(
        default="medium", description="Workflow profile name (soc2flow.yaml profiles)."
    )
    likelihood: int = Field(ge=1, le=5, description="Inherent likelihood, 1..5.")
    impact: int = Field(ge=1, le=5, description="Inherent impact, 1..5.")
    treatment: Literal["mitigate", "accept", "transfer", "avoid"] = Field(
        description="mitigate, accept, transfer or avoid."
    )
    controls: list[ItemId] = Field(
        default_factory=list, description="IDs of the mitigating controls (required for mitigate)."
    )
    residual: Score | None = Field(
        default=None, description="Likelihood and impact after treatment (default: inherent)."
    )
    acceptance: ItemId | None = Field(
        default=None, description="A risk-acceptance exception's ID (required for accept)."
    )
    review: Cadence = Field(default="annual", description="Cadence of the risk review.")
    reviewed: IsoDate | None = Field(
        default=None, description="Date of the last risk review (YYYY-MM-DD)."
    )
    criteria: list[str] = Field(
        default_factory=list, description="SOC 2 TSC 2017 criteria, e.g. CC3.2."
    )

    @model_validator(mode="after")
    def _mitigated_by_controls(self) -> Risk:
        if self.treatment == "mitigate" and not self.controls:
            raise ValueError("a risk with treatment 'mitigate' names its controls")
        return self

    @property
    def inherent_score(self) -> int:
        return self.likelihood * self.impact

    @property
    def residual_score(self) -> int:
        if self.residual is None:
            return self.inherent_score
        return self.residual.likelihood * self.residual.impact
