"""Building records and subjects for the pure obligation functions."""

from __future__ import annotations

from datetime import date

from soc2flow.loading import Entry
from soc2flow.loading.yamlfile import Positions
from soc2flow.models import Profile, Record
from soc2flow.schedule.items import Subject

HIGH = Profile(approvals=2, due_soon_days=14, grace_days=0, escalate_after_days=3)


def record(
    performed: date,
    *,
    result: str = "pass",
    covers: str | None = None,
    evidence: tuple[str, ...] = ("export",),
    control: str = "AC-01",
) -> Entry[Record]:
    files = [{"path": f"{e}.csv", "evidence": e, "sha256": "0" * 64} for e in evidence]
    model = Record.model_validate(
        {
            "control": control,
            "performed": performed,
            "performed_by": "bob",
            "covers": covers,
            "result": result,
            "files": files,
        }
    )
    path = f"evidence/{control}/{performed.isoformat()}-{result}/record.yaml"
    return Entry(model, path, Positions())


def subject(profile: Profile = HIGH) -> Subject:
    return Subject("AC-01", "Access review", "bob", "controls/AC-01.yaml", profile, ("carol",))
