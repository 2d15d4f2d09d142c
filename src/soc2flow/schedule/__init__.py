"""Use case: cadence arithmetic (pure) and the obligation engine behind ``soc2flow due``."""

from soc2flow.schedule.cadence import (
    Calendar,
    OnChange,
    Rolling,
    Rule,
    Schedule,
    add_duration,
    due_of,
    period_containing,
    schedule_of,
)
from soc2flow.schedule.executions import Expected, expected_executions, satisfies
from soc2flow.schedule.periods import Period, Unit, parse_label, period_of, periods_between

__all__ = [
    "Calendar",
    "Expected",
    "OnChange",
    "Period",
    "Rolling",
    "Rule",
    "Schedule",
    "Unit",
    "add_duration",
    "due_of",
    "expected_executions",
    "parse_label",
    "period_containing",
    "period_of",
    "periods_between",
    "satisfies",
    "schedule_of",
]
