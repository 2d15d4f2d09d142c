"""Calendar periods and labels: ISO weeks (incl. week 53), months, quarters, halves, years."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from soc2flow.domain.periods import (
    UNITS,
    Period,
    Unit,
    iso_weeks_in,
    next_period,
    parse_label,
    period_of,
    periods_between,
)

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
units = st.sampled_from(UNITS)


@pytest.mark.parametrize(
    ("unit", "day", "label", "start", "end"),
    [
        ("day", date(2028, 2, 29), "2028-02-29", date(2028, 2, 29), date(2028, 2, 29)),
        ("week", date(2026, 3, 25), "2026-W13", date(2026, 3, 23), date(2026, 3, 29)),
        ("week", date(2026, 12, 31), "2026-W53", date(2026, 12, 28), date(2027, 1, 3)),
        ("week", date(2027, 1, 3), "2026-W53", date(2026, 12, 28), date(2027, 1, 3)),
        ("week", date(2027, 1, 4), "2027-W01", date(2027, 1, 4), date(2027, 1, 10)),
        ("week", date(2025, 12, 29), "2026-W01", date(2025, 12, 29), date(2026, 1, 4)),
        ("month", date(2028, 2, 10), "2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("month", date(2026, 2, 10), "2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("quarter", date(2026, 5, 5), "2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        ("quarter", date(2026, 12, 31), "2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("half", date(2026, 7, 1), "2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
        ("year", date(2026, 7, 1), "2026", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_period_of(unit: Unit, day: date, label: str, start: date, end: date) -> None:
    assert period_of(unit, day) == Period(start, end, label)
    assert parse_label(label) == (unit, Period(start, end, label))


def test_iso_week_53() -> None:
    assert iso_weeks_in(2026) == 53
    assert iso_weeks_in(2025) == 52
    assert parse_label("2025-W53") is None
    labels = [p.label for p in periods_between("week", date(2026, 12, 20), date(2027, 1, 5))]
    assert labels == ["2026-W51", "2026-W52", "2026-W53", "2027-W01"]


@pytest.mark.parametrize(
    "text",
    [
        "2026-13",
        "2026-00",
        "2026-W00",
        "2026-W54",
        "2026-Q5",
        "2026-H3",
        "2026-02-30",
        "26",
        "0000",
        "2026-q1",
        "2026-3",
        "",
        "2026-W1",
        "x2026",
    ],
)
def test_bad_labels(text: str) -> None:
    assert parse_label(text) is None


@given(units, days)
def test_label_round_trips(unit: Unit, day: date) -> None:
    period = period_of(unit, day)
    assert period.start <= day <= period.end
    assert parse_label(period.label) == (unit, period)


@given(units, days)
def test_periods_tile_the_calendar(unit: Unit, day: date) -> None:
    period = period_of(unit, day)
    following = next_period(unit, period)
    assert following.start == period.end + timedelta(days=1)
    assert period_of(unit, period.start) == period == period_of(unit, period.end)


@given(units, days, st.integers(min_value=0, max_value=800))
def test_periods_between_covers_the_window(unit: Unit, first: date, length: int) -> None:
    last = first + timedelta(days=length)
    found = list(periods_between(unit, first, last))
    assert found[0] == period_of(unit, first)
    assert found[-1] == period_of(unit, last)
    assert all(a.end + timedelta(days=1) == b.start for a, b in itertools.pairwise(found))
