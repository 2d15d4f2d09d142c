"""An emergency change's retrospective approval (soc2flow.domain.retro): due date, in time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from soc2flow.domain.retro import Retrospective, retrospective
from soc2flow.models import ExceptionItem

EMERGENCY = Path(__file__).parents[1] / "validate/corpus/valid/exceptions/EXC-2026-004.yaml"


def _item(**changes: object) -> ExceptionItem:
    data = yaml.safe_load(EMERGENCY.read_text(encoding="utf-8"))
    return ExceptionItem.model_validate({**data, **changes})


def test_due_is_opened_plus_the_days_and_the_first_approval_decides() -> None:
    item = _item()  # opened 2026-03-20, 5 days
    late = retrospective(item, [(date(2026, 3, 27), "b" * 40), (date(2026, 3, 26), "a" * 40)])
    assert late == Retrospective(date(2026, 3, 25), date(2026, 3, 26), "a" * 40)
    assert not late.in_time and late.days_late == 1
    on_the_day = retrospective(item, [(date(2026, 3, 25), "c" * 40)])
    assert on_the_day is not None and on_the_day.in_time and on_the_day.days_late == 0


def test_an_unapproved_change_is_overdue_only_after_its_due_date() -> None:
    owed = retrospective(_item(), [])
    assert owed == Retrospective(date(2026, 3, 25))
    assert not owed.in_time
    assert not owed.overdue(date(2026, 3, 25)) and owed.overdue(date(2026, 3, 26))


def test_other_exceptions_owe_nothing() -> None:
    assert retrospective(_item(kind="deviation", retrospective_approval_days=None), []) is None
    assert (
        retrospective(_item(retrospective_approval_days=None), [(date(2026, 3, 21), "a")]) is None
    )
