"""Pydantic models of every file kind in a compliance repository."""

from soc2flow.models.common import Cadence, Every, PerPerson, RRule, parse_duration
from soc2flow.models.config import Config, Person, Profile, Team, default_profiles
from soc2flow.models.items import (
    Acknowledge,
    Control,
    EvidenceRequirement,
    ExceptionItem,
    Inherited,
    Policy,
    Record,
    RecordFile,
)
from soc2flow.models.registers import Cuec, Risk, Vendor, VendorReport

__all__ = [
    "Acknowledge",
    "Cadence",
    "Config",
    "Control",
    "Cuec",
    "Every",
    "EvidenceRequirement",
    "ExceptionItem",
    "Inherited",
    "PerPerson",
    "Person",
    "Policy",
    "Profile",
    "RRule",
    "Record",
    "RecordFile",
    "Risk",
    "Team",
    "Vendor",
    "VendorReport",
    "default_profiles",
    "parse_duration",
]
