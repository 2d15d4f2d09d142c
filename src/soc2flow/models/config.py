"""soc2flow.yaml: organisation, people, teams, workflow profiles, audit period."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, field_validator, model_validator

from soc2flow.models.bounds import DayCount, Email, Login
from soc2flow.models.common import IsoDate, PersonRef, Strict

Framework = Literal["soc2-tsc-2017", "nist-csf-2.0"]
FRAMEWORKS: tuple[Framework, ...] = ("soc2-tsc-2017", "nist-csf-2.0")


class Period(Strict):
    start: IsoDate = Field(description="First day (YYYY-MM-DD).")
    end: IsoDate = Field(description="Last day (YYYY-MM-DD).")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        return self


class Audit(Strict):
    period: Period = Field(description="Default audit period of the binder.")


class Person(Strict):
    id: PersonRef = Field(description="Short id used everywhere else, e.g. alice.")
    name: str = Field(description="Full name.")
    email: Email = Field(default=None, description="Email address (matches git identities).")
    github: Login = Field(default=None, description="GitHub login (for CODEOWNERS and PR reviews).")
    manager: PersonRef | None = Field(default=None, description="Person id of the manager.")
    active: bool = Field(
        default=True, description="false once the person has left: they may own nothing."
    )
    joined: IsoDate | None = Field(
        default=None, description="First working day (per-person joiner controls)."
    )
    left: IsoDate | None = Field(
        default=None,
        description="Last working day; on and after it the person is inactive (leaver controls).",
    )

    def active_on(self, day: date) -> bool:
        """Active on ``day``: marked active and not left on or before it."""
        return self.active and (self.left is None or self.left > day)


class Team(Strict):
    members: list[PersonRef] = Field(default_factory=list, description="Person ids.")
    lead: PersonRef | None = Field(
        default=None, description="Person id of the lead (approves controls owned by the team)."
    )


class Profile(Strict):
    approvals: int = Field(default=1, ge=0, description="Approvals a change needs.")
    due_soon_days: DayCount = Field(
        default=30, ge=0, description="Days before due that an item is due-soon."
    )
    grace_days: DayCount = Field(
        default=0, ge=0, description="Days after a period's end before it is overdue."
    )
    escalate_after_days: DayCount = Field(
        default=14, ge=0, description="Days overdue before escalation."
    )
    provenance: list[Literal["signed", "pr-review", "trailer"]] | None = Field(
        default=None,
        description="Which approvals count: signed, pr-review, trailer "
        "(default: high [signed, pr-review], other profiles all three).",
    )
    record_within_days: int | None = Field(
        default=None,
        ge=0,
        description="Days after performing by which a record must be committed "
        "(default: high 7, medium 14, low 30, other names 14).",
    )


ALL_PROVENANCE = ("signed", "pr-review", "trailer")


def provenance_of(name: str, profile: Profile | None) -> tuple[str, ...]:
    """Which provenances count toward a profile's approvals (SPEC §7.6 defaults)."""
    if profile is not None and profile.provenance is not None:
        return tuple(profile.provenance)
    return ("signed", "pr-review") if name == "high" else ALL_PROVENANCE


RECORD_WITHIN_DAYS = {"high": 7, "medium": 14, "low": 30}


def record_within_days(name: str, profile: Profile | None) -> int:
    """Days a record of this profile may take to be committed before it is recorded late."""
    if profile is not None and profile.record_within_days is not None:
        return profile.record_within_days
    return RECORD_WITHIN_DAYS.get(name, 14)


def default_profiles() -> dict[str, Profile]:
    return {
        "high": Profile(approvals=2, due_soon_days=14, grace_days=0, escalate_after_days=3),
        "medium": Profile(approvals=1, due_soon_days=30, grace_days=7, escalate_after_days=14),
        "low": Profile(approvals=1, due_soon_days=30, grace_days=30, escalate_after_days=30),
    }


Category = Literal["security", "availability", "confidentiality", "processing-integrity", "privacy"]
CATEGORIES: tuple[Category, ...] = (
    "security",
    "availability",
    "confidentiality",
    "processing-integrity",
    "privacy",
)


class Scope(Strict):
    categories: list[Category] = Field(
        default_factory=lambda: list[Category](["security"]),
        description="TSC categories in scope (security always is): security, availability, "
        "confidentiality, processing-integrity, privacy.",
    )
    system: str | None = Field(
        default=None, description="Repository path of the system description (Markdown)."
    )

    def in_scope(self) -> frozenset[str]:
        return frozenset(["security", *self.categories])


class ApprovalSettings(Strict):
    independent: bool = Field(
        default=True, description="An approver may not be an author of the change."
    )
    allowed_signers: str | None = Field(
        default=None, description="SSH allowed-signers file for verified approvals."
    )
    count_changes_as_review: bool = Field(
        default=True, description="An approved change of a policy counts as its review."
    )
    governors: list[PersonRef] | None = Field(
        default=None,
        description="People or teams who approve governance files (default: all team leads).",
    )
    governance_since: IsoDate | None = Field(
        default=None,
        description="Governance changes committed before this date are trusted as they stand.",
    )
    recorder: str | None = Field(
        default=None,
        description="Allowed-signers principal that must sign the notes-ref commits of reviews.",
    )
    gpg_keys: list[str] = Field(
        default_factory=list,
        description="Fingerprints of the GPG keys whose signatures count as signed.",
    )


class Config(Strict):
    organization: str = Field(description="Organisation name.")
    timezone: str = Field(default="UTC", description="IANA time zone in which 'today' is computed.")
    frameworks: list[Framework] = Field(
        default_factory=lambda: list[Framework](["soc2-tsc-2017"]),
        description="Frameworks whose IDs are checked: soc2-tsc-2017, nist-csf-2.0.",
    )
    audit: Audit | None = Field(default=None, description="Audit settings.")
    adopted: IsoDate | None = Field(
        default=None,
        description="Day the repository became the system of record (earlier records were migrated).",
    )
    scope: Scope | None = Field(
        default=None, description="TSC categories in scope and the system description file."
    )
    people: list[Person] = Field(
        default_factory=list, description="Everyone who owns, performs or approves."
    )
    teams: dict[PersonRef, Team] = Field(default_factory=dict, description="Teams by id.")
    profiles: dict[str, Profile] = Field(
        default_factory=default_profiles, description="Workflow profiles by criticality name."
    )
    approvals: ApprovalSettings = Field(
        default_factory=ApprovalSettings, description="How approvals count."
    )
    risk_appetite: int | None = Field(
        default=None,
        ge=1,
        le=25,
        description="Highest residual risk score (likelihood x impact) accepted without an exception.",
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone such as Europe/Berlin") from None
        return value

    def person(self, pid: str) -> Person | None:
        return next((p for p in self.people if p.id == pid), None)
