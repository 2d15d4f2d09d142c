"""covers labels: validate accepts exactly what the schedule counts."""

from __future__ import annotations

import pytest

from soc2flow.models import Every, RRule
from soc2flow.models.common import Cadence
from soc2flow.rules.records import label_problem

MONTH_END = RRule(rrule="FREQ=MONTHLY;BYMONTHDAY=-1")


@pytest.mark.parametrize(
    ("label", "cadence"),
    [
        ("2026-Q1", "quarterly"),
        ("2026-03", "quarterly"),
        ("2026-W13", "weekly"),
        ("2026-W53", "weekly"),
        ("2026-03", "continuous"),
        ("2026", "annual"),
        ("2026-H2", "semiannual"),
        ("2026-03-28", "daily"),
        ("2026-02-28", MONTH_END),
        ("2026-Q1", Every(every="P90D")),
        ("2026-03", "on-change"),
    ],
)
def test_labels_that_name_one_period(label: str, cadence: Cadence) -> None:
    assert label_problem(label, cadence) is None


@pytest.mark.parametrize(
    ("label", "cadence", "why"),
    [
        ("2026", "quarterly", "spans more than one period of the quarterly cadence"),
        ("2026-Q1", "monthly", "such as 2026-03"),
        ("2026-W54", "weekly", "not a real period"),
        ("2026-Q5", "quarterly", "not a real period"),
        ("2026-02-30", MONTH_END, "not a real period"),
        ("2026-Q1", MONTH_END, "more than one period of the rule cadence"),
        ("Q1 2026", "quarterly", "not a real period"),
    ],
)
def test_labels_that_do_not(label: str, cadence: Cadence, why: str) -> None:
    problem = label_problem(label, cadence)
    assert problem is not None and why in problem
