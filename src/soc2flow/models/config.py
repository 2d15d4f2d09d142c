"""soc2flow.yaml: organisation, people, teams, workflow profiles, audit period."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from soc2flow.models.common import IsoDate, PersonRef, Strict

Framework = Literal["soc2-tsc-2017", "nist-csf-2.0"]
FRAMEWORKS: tuple[Framework, ...] = ("soc2-tsc-2017", "nist-csf-2.0")


class Period(Strict):
    start: IsoDate
    end: IsoDate

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        return self


class Audit(Strict):
    period: Period


class Person(Strict):
    id: PersonRef
    name: str
    email: str | None = None
    github: str | None = None
    manager: PersonRef | None = None
    active: bool = True


class Team(Strict):
    members: list[PersonRef] = Field(default_factory=list)
    lead: PersonRef | None = None


class Profile(Strict):
    approvals: int = Field(default=1, ge=0)
    due_soon_days: int = Field(default=30, ge=0)
    grace_days: int = Field(default=0, ge=0)
    escalate_after_days: int = Field(default=14, ge=0)


def default_profiles() -> dict[str, Profile]:
    return {
        "high": Profile(approvals=2, due_soon_days=14, grace_days=0, escalate_after_days=3),
        "medium": Profile(approvals=1, due_soon_days=30, grace_days=7, escalate_after_days=14),
        "low": Profile(approvals=1, due_soon_days=30, grace_days=30, escalate_after_days=30),
    }


class ApprovalSettings(Strict):
    independent: bool = True
    allowed_signers: str | None = None
    count_changes_as_review: bool = True


class Config(Strict):
    organization: str
    timezone: str = "UTC"
    frameworks: list[Framework] = Field(default_factory=lambda: list[Framework](["soc2-tsc-2017"]))
    audit: Audit | None = None
    people: list[Person] = Field(default_factory=list)
    teams: dict[PersonRef, Team] = Field(default_factory=dict)
    profiles: dict[str, Profile] = Field(default_factory=default_profiles)
    approvals: ApprovalSettings = Field(default_factory=ApprovalSettings)

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
