"""The window's log started early (``WindowLog``) is used only for the window it was
started for, on the same clock: anything else reads the window again."""

from __future__ import annotations

from datetime import date

from soc2flow.history.clock import LineClock
from soc2flow.history.population import WindowLog
from soc2flow.population.changes import ChangePopulation, change_population
from soc2flow.population.inputs import changes_inputs
from soc2flow.reporters.changes import format_json
from tests.population.conftest import CodeRepo

JANUARY = (date(2026, 1, 1), date(2026, 1, 31))
MID_JANUARY = (date(2026, 1, 10), date(2026, 1, 15))


def population(code: CodeRepo, early_window: tuple[date, date] | None) -> ChangePopulation:
    inputs = changes_inputs(code.config, None, None)
    assert inputs.period == JANUARY
    with LineClock(code.repo.root, "HEAD") as clock:
        early = None if early_window is None else WindowLog(clock, inputs.zone, early_window)
        return change_population(clock, "HEAD", inputs, None, early)


def test_an_early_log_of_the_same_window_gives_the_same_population(code: CodeRepo) -> None:
    plain = population(code, None)
    assert len(plain.changes) == 5
    assert format_json(population(code, JANUARY)) == format_json(plain)


def test_an_early_log_of_another_window_is_not_used(code: CodeRepo) -> None:
    plain = population(code, None)
    other = population(code, MID_JANUARY)
    assert format_json(other) == format_json(plain)
    assert len(other.changes) == 5


def test_an_early_log_of_another_clock_is_not_used(code: CodeRepo) -> None:
    inputs = changes_inputs(code.config, None, None)
    with LineClock(code.repo.root, "HEAD") as first, LineClock(code.repo.root, "HEAD~3") as older:
        early = WindowLog(older, inputs.zone, inputs.period)
        found = change_population(first, "HEAD", inputs, None, early)
    assert format_json(found) == format_json(population(code, None))
