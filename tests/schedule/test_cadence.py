"""Schedules of every cadence kind: calendar, rrule (re-anchored), rolling, on-change."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from soc2flow.domain import rrules
from soc2flow.domain.cadence import (
    Calendar,
    OnChange,
    Rolling,
    Rule,
    add_duration,
    due_of,
    period_containing,
    schedule_of,
)
from soc2flow.domain.periods import Period
from soc2flow.models import Every, RRule


def test_schedule_of_each_cadence() -> None:
    assert schedule_of("quarterly") == Calendar("quarter")
    assert schedule_of("continuous") == Calendar("month")
    assert schedule_of("weekly") == Calendar("week")
    assert schedule_of("on-change") == OnChange()
    assert schedule_of(Every(every="P2W")) == Rolling((0, 0, 14))
    assert schedule_of(RRule(rrule="FREQ=MONTHLY")) == Rule("FREQ=MONTHLY")


@pytest.mark.parametrize(
    ("start", "length", "expected"),
    [
        (date(2026, 1, 31), (0, 1, 0), date(2026, 2, 28)),
        (date(2028, 1, 31), (0, 1, 0), date(2028, 2, 29)),
        (date(2028, 2, 29), (1, 0, 0), date(2029, 2, 28)),
        (date(2026, 3, 31), (0, 3, 0), date(2026, 6, 30)),
        (date(2026, 1, 1), (0, 0, 90), date(2026, 4, 1)),
        (date(9999, 12, 1), (0, 1, 0), date.max),
    ],
)
def test_month_end_clamping(start: date, length: tuple[int, int, int], expected: date) -> None:
    assert add_duration(start, length) == expected


def test_due_adds_grace_and_saturates() -> None:
    q1 = Period(date(2026, 1, 1), date(2026, 3, 31), "2026-Q1")
    assert due_of(q1, 0) == date(2026, 3, 31)
    assert due_of(q1, 7) == date(2026, 4, 7)
    assert due_of(Period(date(9999, 12, 1), date(9999, 12, 31), "9999-12"), 5) == date.max


def test_rrule_month_end_periods() -> None:
    rule = Rule("FREQ=MONTHLY;BYMONTHDAY=-1")
    labels = [(p.start, p.end, p.label) for p in rule.periods(date(2028, 2, 3), date(2028, 3, 31))]
    assert labels == [
        (date(2028, 2, 1), date(2028, 2, 29), "2028-02-29"),
        (date(2028, 3, 1), date(2028, 3, 31), "2028-03-31"),
    ]
    assert list(rule.periods(date(2028, 3, 1), date(2028, 2, 1))) == []
    assert period_containing(rule, date(2028, 2, 29)).label == "2028-02-29"
    assert rule.next_after(date(2028, 2, 29)) == date(2028, 3, 31)


def test_rrule_first_period_starts_at_the_window() -> None:
    rule = Rule("DTSTART:20260301T000000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=-1")
    assert [(p.start, p.end) for p in rule.periods(date(2026, 2, 15), date(2026, 4, 1))] == [
        (date(2026, 2, 15), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 4, 30)),
    ]


def test_rrule_without_dtstart_is_anchored_on_a_monday_in_2001() -> None:
    assert Rule("FREQ=WEEKLY").next_after(date(2026, 3, 25)) == date(2026, 3, 30)
    assert Rule("FREQ=MONTHLY").next_after(date(2026, 3, 25)) == date(2026, 4, 1)


def test_rrule_sub_daily_is_daily_and_tz_is_ignored() -> None:
    assert Rule("FREQ=HOURLY;INTERVAL=5").next_after(date(2026, 3, 25)) == date(2026, 3, 26)
    text = "DTSTART;TZID=America/New_York:20200106T090000\nRRULE:FREQ=WEEKLY;UNTIL=20260401T000000Z"
    assert Rule(text).next_after(date(2026, 3, 25)) == date(2026, 3, 30)
    assert Rule(text).next_after(date(2026, 3, 30)) == date.max


def test_old_rules_are_re_anchored_near_the_window() -> None:
    text = "DTSTART:18000106T000000\nRRULE:FREQ=DAILY"
    compiled = rrules.compile_rule(text)
    rule, original = rrules._anchored(compiled, date(2026, 3, 25), 2)
    assert not original
    assert rule.after(datetime.min, inc=True) == datetime(2026, 3, 23)
    assert next(rrules.occurrences_from(text, date(2026, 3, 25))) == date(2026, 3, 25)


def test_sparse_rule_looks_back_far_enough() -> None:
    rule = Rule("DTSTART:19000101T000000\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29")
    periods = list(rule.periods(date(2026, 1, 1), date(2026, 1, 1)))
    assert periods == [Period(date(2024, 3, 1), date(2028, 2, 29), "2028-02-29")]


RULES = [
    "DTSTART:19950131T080000\nRRULE:FREQ=MONTHLY",
    "DTSTART:19970102T000000\nRRULE:FREQ=WEEKLY;INTERVAL=3",
    "DTSTART:19990115T000000\nRRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR",
    "DTSTART:19960229T000000\nRRULE:FREQ=YEARLY",
    "DTSTART:19980310T000000\nRRULE:FREQ=YEARLY;INTERVAL=2;BYMONTH=6",
    "DTSTART:19981231T000000\nRRULE:FREQ=DAILY;INTERVAL=10",
    "DTSTART:20000101T000000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=31",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(RULES), st.dates(min_value=date(2002, 1, 1), max_value=date(2040, 1, 1)))
def test_re_anchoring_matches_a_walk_from_dtstart(text: str, day: date) -> None:
    full = rrulestr(text, dtstart=rrules.EPOCH)
    expected = [
        m.date()
        for m in itertools.islice(full.xafter(datetime(day.year, day.month, day.day), inc=True), 4)
    ]
    assert list(itertools.islice(rrules.occurrences_from(text, day), 4)) == expected
    before = full.before(datetime(day.year, day.month, day.day))
    assert rrules.occurrence_before(text, day) == (before.date() if before else None)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([Calendar("week"), Calendar("quarter"), Rule(RULES[2]), Rule(RULES[6])]),
    st.dates(min_value=date(2002, 1, 1), max_value=date(2040, 1, 1)),
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=0, max_value=60),
)
def test_a_due_date_never_precedes_the_period_it_closes(
    schedule: Calendar | Rule, first: date, length: int, grace: int
) -> None:
    last = first + timedelta(days=length)
    periods = list(schedule.periods(first, last))
    assert first in periods[0] and last in periods[-1]
    for period in periods:
        assert period.start <= period.end <= due_of(period, grace)
    assert all(a.end + timedelta(days=1) == b.start for a, b in itertools.pairwise(periods))


@given(st.dates(), st.sampled_from([(0, 1, 0), (0, 0, 90), (1, 0, 0), (0, 6, 0)]))
def test_rolling_is_never_before_the_last_execution(
    day: date, length: tuple[int, int, int]
) -> None:
    after = Rolling(length).next_after(day)
    assert after > day or after == date.max
